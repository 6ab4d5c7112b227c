/** Parallel: every branch on the same input, in its own frame; the output is the branches' outputs in order. */
import type { StatesBlock } from '../definition/types.js';
import { effectiveInput, finishState, jsonataField } from '../runtime/dataflow.js';
import { joinTexts } from '../runtime/json-text.js';
import { abortThreads, runGroup, writeAborted, writeFailedThreadAborted, type Thread } from '../runtime/threads.js';
import type { Frame, OpenState, StateContext, StateOutcome } from '../runtime/types.js';
import { nextOf } from './next.js';

export async function runParallel(ctx: StateContext): Promise<StateOutcome> {
  const { rt, frame } = ctx;
  const input = ctx.queryLanguage === 'JSONata' ? ((await jsonataField(ctx, 'Arguments')) ?? ctx.input) : effectiveInput(ctx);
  frame.cursor = rt.recorder.emit('ParallelStateStarted', frame.cursor);
  const branches = ctx.state.Branches as StatesBlock[];
  const threads: Thread[] = [];
  const open = frame.open as OpenState;
  // Aborted from outside (a sibling of this Parallel failed): close the branches still running.
  open.abortNested = (recorder, previousEventId) => {
    for (const thread of abortThreads(threads)) writeAborted(recorder, thread.frame, previousEventId);
  };
  const started = frame.cursor;
  const group = await runGroup(
    rt,
    {
      count: branches.length,
      limit: 0,
      prepare: (index) => {
        const branchFrame: Frame = { cursor: started, variables: { ...ctx.variables }, queryLanguage: ctx.queryLanguage };
        return { block: branches[index] as StatesBlock, input, frame: branchFrame };
      },
    },
    threads,
  ).finally(() => (open.abortNested = undefined));
  if (group.failure !== undefined) {
    // Recorded: the failed branch's Task is closed as aborted, then ParallelStateFailed, all pointing at the failure.
    const failed = group.failure.thread;
    const cursor = failed.frame.cursor;
    writeFailedThreadAborted(rt.recorder, failed.frame, cursor);
    for (const thread of abortThreads(group.threads, failed)) writeAborted(rt.recorder, thread.frame, cursor);
    frame.cursor = cursor;
    throw group.failure.error;
  }
  const last = group.threads.reduce((max, thread) => Math.max(max, thread.frame.cursor), frame.cursor);
  rt.recorder.emit('ParallelStateSucceeded', last);
  frame.cursor = last;
  const finished = await finishState(ctx, joinTexts(group.outputs), { selectable: true });
  return { ...finished, ...nextOf(ctx.state) };
}
