/**
 * Map: INLINE iterations write their events into this history (MapIteration*); DISTRIBUTED runs
 * them as a map run (MapRun* events only) with tolerated failures. Results keep the items' order.
 */
import type { StatesBlock } from '../definition/types.js';
import { StatesError } from '../errors.js';
import { selectPath, finishState } from '../runtime/dataflow.js';
import { StateFailure } from '../runtime/failure.js';
import { HistoryRecorder } from '../history/recorder.js';
import type { ExecutionRuntime, Frame, StateContext, StateOutcome } from '../runtime/types.js';
import { iterationInput, mapItems, mapNumber, mapRunArn } from './map-config.js';
import { nextOf } from './next.js';
import { failedStateType } from '../runtime/run-state.js';

interface Processor extends StatesBlock {
  readonly ProcessorConfig?: { readonly Mode?: string };
}

export async function runMap(ctx: StateContext): Promise<StateOutcome> {
  const { rt, frame, state } = ctx;
  const input = ctx.queryLanguage === 'JSONata' ? ctx.input : selectPath(ctx, ctx.input, state.InputPath);
  const processor = (state.ItemProcessor ?? state.Iterator) as Processor;
  const distributed = processor.ProcessorConfig?.Mode === 'DISTRIBUTED';
  const maxConcurrency = (await mapNumber(ctx, input, 'MaxConcurrency', 'integer')) ?? 0;
  const items = await mapItems(ctx, input);
  const inputs: unknown[] = [];
  for (const [index, item] of items.entries()) inputs.push(await iterationInput(ctx, input, item, index));

  frame.cursor = rt.recorder.emit('MapStateStarted', frame.cursor, { length: items.length });
  // AWS reads the tolerated failure settings when the map run starts, after MapStateStarted.
  const toleratedCount = distributed ? await mapNumber(ctx, input, 'ToleratedFailureCount', 'integer') : undefined;
  const toleratedPercentage = distributed ? await mapNumber(ctx, input, 'ToleratedFailurePercentage', 'float') : undefined;
  if (toleratedPercentage !== undefined && (toleratedPercentage < 0 || toleratedPercentage > 100)) {
    throw new StatesError('States.Runtime', 'ToleratedFailurePercentage must be between 0 and 100.');
  }
  const block: StatesBlock = { StartAt: processor.StartAt, States: processor.States, QueryLanguage: processor.QueryLanguage ?? ctx.queryLanguage };
  const results = distributed
    ? await distributedRun(ctx, block, inputs, items, maxConcurrency, toleratedCount, toleratedPercentage)
    : await inlineRun(ctx, block, inputs, items, maxConcurrency);
  const finished = await finishState(ctx, results, { selectable: true });
  return { ...finished, ...nextOf(state) };
}

async function inlineRun(ctx: StateContext, block: StatesBlock, inputs: readonly unknown[], items: readonly unknown[], maxConcurrency: number): Promise<unknown[]> {
  const { rt, frame, name } = ctx;
  let lastSucceeded = frame.cursor;
  let failed = false;
  const results = await pool(inputs.length, maxConcurrency, async (index) => {
    if (failed) return undefined;
    const started = rt.recorder.emit('MapIterationStarted', frame.cursor, { index, name });
    const iteration = iterationFrame(ctx, block, started, index, items[index]);
    try {
      const output = await rt.runBlock(rt, block, inputs[index], iteration);
      lastSucceeded = rt.recorder.emit('MapIterationSucceeded', iteration.cursor, { index, name });
      frame.cursor = iteration.cursor;
      return output;
    } catch (failure) {
      if (!failed) {
        failed = true;
        rt.recorder.emit('MapIterationFailed', iteration.cursor, { index, name });
        // Recorded: a Task that failed an iteration is then written as aborted.
        if (failedStateType(failure) === 'Task') rt.recorder.emit('TaskStateAborted', iteration.cursor);
        frame.cursor = iteration.cursor;
      }
      throw failure;
    }
  });
  rt.recorder.emit('MapStateSucceeded', lastSucceeded);
  frame.cursor = lastSucceeded;
  return results;
}

async function distributedRun(
  ctx: StateContext,
  block: StatesBlock,
  inputs: readonly unknown[],
  items: readonly unknown[],
  maxConcurrency: number,
  toleratedCount: number | undefined,
  toleratedPercentage: number | undefined,
): Promise<unknown[]> {
  const { rt, frame } = ctx;
  const runStarted = rt.recorder.emit('MapRunStarted', frame.cursor, { mapRunArn: mapRunArn(ctx) });
  frame.cursor = runStarted;
  let failures = 0;
  const allowed = Math.max(toleratedCount ?? 0, Math.floor(((toleratedPercentage ?? 0) / 100) * inputs.length));
  const results = await pool(inputs.length, maxConcurrency, async (index) => {
    // A child execution: its own history (not written here), the outer variables visible.
    const child = iterationFrame(ctx, block, 0, index, items[index]);
    const childRuntime: ExecutionRuntime = { ...rt, recorder: new HistoryRecorder(rt.clock, Number.MAX_SAFE_INTEGER) };
    try {
      return await rt.runBlock(childRuntime, block, inputs[index], child);
    } catch (failure) {
      failures += 1;
      if (failures > allowed) throw failure;
      return failure instanceof StatesError ? { Error: failure.error, Cause: failure.cause } : null;
    }
  }).catch(() => {
    throw new StateFailure('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded');
  }).catch((failure: StateFailure) => {
    frame.cursor = rt.recorder.emit('MapRunFailed', frame.cursor, { error: failure.error, cause: failure.cause });
    throw failure;
  });
  const runSucceeded = rt.recorder.emit('MapRunSucceeded', frame.cursor);
  rt.recorder.emit('MapStateSucceeded', runSucceeded);
  frame.cursor = runSucceeded;
  return results;
}

function iterationFrame(ctx: StateContext, block: StatesBlock, cursor: number, index: number, item: unknown): Frame {
  return { cursor, variables: { ...ctx.variables }, queryLanguage: block.QueryLanguage ?? ctx.queryLanguage, mapItem: { Index: index, Value: item } };
}

/** Runs `count` tasks with at most `limit` at once (0 = no limit); rejects on the first failure. */
async function pool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const workers = Array.from({ length: limit > 0 ? Math.min(limit, count) : count }, async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  });
  await Promise.all(workers);
  return results;
}
