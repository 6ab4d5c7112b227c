/** Parallel: every branch on the same input, in its own frame; the output is the branches' outputs in order. */
import type { StatesBlock } from '../definition/types.js';
import { effectiveInput, finishState, jsonataField } from '../runtime/dataflow.js';
import { joinTexts } from '../runtime/json-text.js';
import type { Frame, StateContext, StateOutcome } from '../runtime/types.js';
import { nextOf } from './next.js';
import { failedStateType } from '../runtime/run-state.js';

export async function runParallel(ctx: StateContext): Promise<StateOutcome> {
  const { rt, frame } = ctx;
  const input = ctx.queryLanguage === 'JSONata' ? ((await jsonataField(ctx, 'Arguments')) ?? ctx.input) : effectiveInput(ctx);
  frame.cursor = rt.recorder.emit('ParallelStateStarted', frame.cursor);
  const branches = ctx.state.Branches as StatesBlock[];
  const frames: Frame[] = branches.map(() => ({ cursor: frame.cursor, variables: { ...ctx.variables }, queryLanguage: ctx.queryLanguage }));
  const failFast = new AbortController();
  let outputs: unknown[];
  try {
    outputs = await Promise.all(
      branches.map(async (branch, index) => {
        const branchFrame = frames[index] as Frame;
        return rt.runBlock(rt, branch, input, branchFrame);
      }),
    );
  } catch (failure) {
    failFast.abort();
    frame.cursor = lastCursor(frames, frame.cursor);
    // Recorded: a Task that failed its branch is then written as aborted.
    if (failedStateType(failure) === 'Task') rt.recorder.emit('TaskStateAborted', frame.cursor);
    throw failure;
  }
  const last = lastCursor(frames, frame.cursor);
  rt.recorder.emit('ParallelStateSucceeded', last);
  frame.cursor = last;
  const finished = await finishState(ctx, joinTexts(outputs), { selectable: true });
  return { ...finished, ...nextOf(ctx.state) };
}

function lastCursor(frames: readonly Frame[], fallback: number): number {
  return frames.reduce((max, item) => Math.max(max, item.cursor), fallback);
}
