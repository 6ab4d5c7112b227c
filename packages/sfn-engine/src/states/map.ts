/**
 * Map: INLINE iterations write their events into this history (MapIteration*); DISTRIBUTED runs
 * them as a map run (MapRun* events only) with tolerated failures. Results keep the items' order.
 */
import type { StatesBlock } from '../definition/types.js';
import { StatesError } from '../errors.js';
import { selectPath, finishState } from '../runtime/dataflow.js';
import { abortThreads, runGroup, writeAborted, writeFailedThreadAborted, type Thread } from '../runtime/threads.js';
import type { OpenState, StateContext, StateOutcome } from '../runtime/types.js';
import { iterationFrame, iterationInput, mapItems, mapNumber } from './map-config.js';
import { batchItems } from './map-items.js';
import { distributedRun } from './map-run.js';
import { nextOf } from './next.js';

interface Processor extends StatesBlock {
  readonly ProcessorConfig?: { readonly Mode?: string };
}

export async function runMap(ctx: StateContext): Promise<StateOutcome> {
  const { rt, frame, state } = ctx;
  const input = ctx.queryLanguage === 'JSONata' ? ctx.input : selectPath(ctx, ctx.input, state.InputPath);
  if (ctx.queryLanguage === 'JSONPath') rt.inspect?.('afterInputPath', input);
  const processor = (state.ItemProcessor ?? state.Iterator) as Processor;
  const distributed = processor.ProcessorConfig?.Mode === 'DISTRIBUTED';
  const maxConcurrency = (await mapNumber(ctx, input, 'MaxConcurrency', 'integer')) ?? 0;
  const items = await mapItems(ctx, input);
  const selected: unknown[] = [];
  for (const [index, item] of items.entries()) selected.push(await iterationInput(ctx, input, item, index));
  const inputs = distributed ? await batchItems(ctx, input, selected) : selected;

  // Recorded: with an ItemReader the items are read by the map run, so MapStateStarted says 0.
  frame.cursor = rt.recorder.emit('MapStateStarted', frame.cursor, { length: state.ItemReader === undefined ? items.length : 0 });
  // AWS reads the tolerated failure settings when the map run starts, after MapStateStarted.
  const toleratedCount = distributed ? await mapNumber(ctx, input, 'ToleratedFailureCount', 'integer') : undefined;
  const toleratedPercentage = distributed ? await mapNumber(ctx, input, 'ToleratedFailurePercentage', 'float') : undefined;
  if (toleratedPercentage !== undefined && (toleratedPercentage < 0 || toleratedPercentage > 100)) {
    throw new StatesError('States.Runtime', 'ToleratedFailurePercentage must be between 0 and 100.');
  }
  const block: StatesBlock = {
    StartAt: processor.StartAt,
    States: processor.States,
    QueryLanguage: processor.QueryLanguage ?? ctx.queryLanguage,
  };
  const results = distributed
    ? await distributedRun(ctx, block, inputs, items, { maxConcurrency, toleratedCount, toleratedPercentage })
    : await inlineRun(ctx, block, inputs, items, maxConcurrency);
  const finished = await finishState(ctx, results, { selectable: true });
  return { ...finished, ...nextOf(state) };
}

async function inlineRun(
  ctx: StateContext,
  block: StatesBlock,
  inputs: readonly unknown[],
  items: readonly unknown[],
  maxConcurrency: number,
): Promise<unknown[]> {
  const { rt, frame, name } = ctx;
  let lastSucceeded = frame.cursor;
  const threads: Thread[] = [];
  const open = frame.open as OpenState;
  // Aborted from outside: each running iteration is written as aborted, its state first closed.
  open.abortNested = (recorder, previousEventId) => {
    for (const thread of abortThreads(threads)) {
      recorder.emit('MapIterationAborted', previousEventId, { index: thread.index, name });
      writeAborted(recorder, thread.frame, previousEventId);
    }
  };
  const group = await runGroup(
    rt,
    {
      count: inputs.length,
      limit: maxConcurrency,
      prepare: (index) => {
        const started = rt.recorder.emit('MapIterationStarted', frame.cursor, { index, name });
        return { block, input: inputs[index], frame: iterationFrame(ctx, block, started, index, items[index]) };
      },
      succeeded: (thread) => {
        lastSucceeded = rt.recorder.emit('MapIterationSucceeded', thread.frame.cursor, { index: thread.index, name });
        frame.cursor = thread.frame.cursor;
      },
    },
    threads,
  ).finally(() => (open.abortNested = undefined));
  if (group.failure !== undefined) {
    // Recorded order: MapIterationFailed, the failed iteration's Task aborted, then per other running
    // iteration MapIterationAborted and its state aborted, all pointing at the failure's last event.
    const failed = group.failure.thread;
    const cursor = failed.frame.cursor;
    rt.recorder.emit('MapIterationFailed', cursor, { index: failed.index, name });
    writeFailedThreadAborted(rt.recorder, failed.frame, cursor);
    for (const thread of abortThreads(group.threads, failed)) {
      rt.recorder.emit('MapIterationAborted', cursor, { index: thread.index, name });
      writeAborted(rt.recorder, thread.frame, cursor);
    }
    frame.cursor = cursor;
    throw group.failure.error;
  }
  rt.recorder.emit('MapStateSucceeded', lastSucceeded);
  frame.cursor = lastSucceeded;
  return group.outputs;
}
