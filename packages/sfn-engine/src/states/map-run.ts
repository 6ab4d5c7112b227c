/**
 * A DISTRIBUTED Map's run: each item (or batch) runs as a child execution of the map run, whose
 * own history is not written here (MapRun* events only); failures count against the tolerated
 * failure settings. The run's counts go to `onMapRun` for ListMapRuns/DescribeMapRun; with a
 * ResultWriter the output is AWS's `{MapRunArn, ResultWriterDetails}` and the results go to the
 * injected `resultWriter` (nothing is written without one).
 */
import type { StatesBlock } from '../definition/types.js';
import { StatesError } from '../errors.js';
import { HistoryRecorder } from '../history/recorder.js';
import { evaluateJsonataField } from '../jsonata/index.js';
import type { MapRunCounts, MapRunInfo } from '../options.js';
import { evaluatePayloadTemplate } from '../paths/payload.js';
import { jsonataBindings, pathScope } from '../runtime/dataflow.js';
import { StateFailure } from '../runtime/failure.js';
import { abortThreads, runGroup, type Thread } from '../runtime/threads.js';
import type { OpenState, StateContext } from '../runtime/types.js';
import { iterationFrame, mapRunArn } from './map-config.js';

export interface RunSettings {
  readonly maxConcurrency: number;
  readonly toleratedCount: number | undefined;
  readonly toleratedPercentage: number | undefined;
}

type Outcome = { index: number; status: 'SUCCEEDED' | 'FAILED'; input: unknown; output?: unknown; error?: string; cause?: string };

export async function distributedRun(
  ctx: StateContext,
  block: StatesBlock,
  inputs: readonly unknown[],
  items: readonly unknown[],
  settings: RunSettings,
): Promise<unknown> {
  const { rt, frame } = ctx;
  const arn = mapRunArn(ctx);
  const runStarted = rt.recorder.emit('MapRunStarted', frame.cursor, { mapRunArn: arn });
  frame.cursor = runStarted;
  const info = runInfo(ctx, arn, inputs.length, items.length, settings);
  const report = (): void => rt.options.onMapRun?.(info);
  report();
  let failures = 0;
  const allowed = Math.max(settings.toleratedCount ?? 0, Math.floor(((settings.toleratedPercentage ?? 0) / 100) * inputs.length));
  const outcomes: Outcome[] = [];
  const threads: Thread[] = [];
  const open = frame.open as OpenState;
  open.abortNested = (recorder, previousEventId) => {
    abortThreads(threads);
    close(info, 'ABORTED', rt.clock.now());
    report();
    recorder.emit('MapRunAborted', previousEventId);
  };
  const started = (): void => {
    move(info, 'pending', 'running');
    report();
  };
  const group = await runGroup(
    rt,
    {
      count: inputs.length,
      limit: settings.maxConcurrency,
      prepare: (index) => {
        started();
        return {
          block,
          input: inputs[index],
          frame: iterationFrame(ctx, block, 0, index, items[index]),
          rt: { ...rt, recorder: new HistoryRecorder(rt.clock, Number.MAX_SAFE_INTEGER) },
        };
      },
      succeeded: (thread, output) => {
        outcomes.push({ index: thread.index, status: 'SUCCEEDED', input: inputs[thread.index], output });
        move(info, 'running', 'succeeded', true);
        report();
      },
      tolerate: (thread, failure) => {
        failures += 1;
        const details = failure instanceof StatesError ? { error: failure.error, cause: failure.cause } : {};
        outcomes.push({ index: thread.index, status: 'FAILED', input: inputs[thread.index], ...details });
        move(info, 'running', details.error === 'States.Timeout' ? 'timedOut' : 'failed');
        report();
        return failures <= allowed;
      },
    },
    threads,
  ).finally(() => (open.abortNested = undefined));
  if (group.failure !== undefined) {
    for (const thread of abortThreads(group.threads))
      if (thread.status === 'running' || thread.status === 'aborted') move(info, 'running', 'aborted');
    close(info, 'FAILED', rt.clock.now());
    report();
    const failure = new StateFailure('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded');
    frame.cursor = rt.recorder.emit('MapRunFailed', frame.cursor, { error: failure.error, cause: failure.cause });
    throw failure;
  }
  close(info, 'SUCCEEDED', rt.clock.now());
  report();
  const runSucceeded = rt.recorder.emit('MapRunSucceeded', frame.cursor);
  rt.recorder.emit('MapStateSucceeded', runSucceeded);
  // AWS points MapStateExited at MapRunStarted today; recordings before late 2024 show MapRunSucceeded.
  frame.cursor = rt.options.mapStateExitedAfter === 'MapRunSucceeded' ? runSucceeded : runStarted;
  outcomes.sort((a, b) => a.index - b.index);
  if (ctx.state.ResultWriter !== undefined) return writeResults(ctx, arn, outcomes);
  // A failed child within the tolerance leaves its error document in the results.
  return outcomes.map((outcome) => (outcome.status === 'SUCCEEDED' ? outcome.output : { Error: outcome.error, Cause: outcome.cause }));
}

/** ResultWriter: AWS's output shape; the results go to the injected writer when there is one. */
async function writeResults(ctx: StateContext, arn: string, outcomes: readonly Outcome[]): Promise<unknown> {
  const writer = ctx.state.ResultWriter as Record<string, unknown>;
  const fields = writer.Arguments ?? writer.Parameters ?? {};
  const parameters = (
    ctx.queryLanguage === 'JSONata'
      ? await evaluateJsonataField(fields, jsonataBindings(ctx), 'ResultWriter')
      : evaluatePayloadTemplate(fields, pathScope(ctx, ctx.input))
  ) as Record<string, unknown>;
  const runId = arn.split(':').at(-1) as string;
  const prefix = typeof parameters.Prefix === 'string' && parameters.Prefix !== '' ? `${parameters.Prefix}/` : '';
  const manifestKey = `${prefix}${runId}/manifest.json`;
  const write = ctx.rt.options.resultWriter;
  if (write !== undefined)
    await ctx.rt.turns.wait(write({ resource: String(writer.Resource), parameters, mapRunArn: arn, manifestKey, results: outcomes }));
  return { MapRunArn: arn, ResultWriterDetails: { Bucket: parameters.Bucket, Key: manifestKey } };
}

function counts(total: number): MapRunCounts {
  return { pending: total, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total, resultsWritten: 0 };
}

function runInfo(ctx: StateContext, arn: string, executions: number, items: number, settings: RunSettings): MapRunInfo {
  return {
    mapRunArn: arn,
    executionArn: ctx.rt.executionArn,
    stateName: ctx.name,
    status: 'RUNNING',
    startDate: ctx.rt.clock.now(),
    maxConcurrency: settings.maxConcurrency,
    toleratedFailureCount: settings.toleratedCount ?? 0,
    toleratedFailurePercentage: settings.toleratedPercentage ?? 0,
    itemCounts: counts(items),
    executionCounts: counts(executions),
  };
}

/** Moves one child execution (and its items, when unbatched) between counters. */
function move(info: MapRunInfo, from: keyof MapRunCounts, to: keyof MapRunCounts, written = false): void {
  const batched = info.itemCounts.total !== info.executionCounts.total;
  for (const tally of batched ? [info.executionCounts] : [info.executionCounts, info.itemCounts]) {
    tally[from] -= 1;
    tally[to] += 1;
    if (written) tally.resultsWritten += 1;
  }
}

function close(info: MapRunInfo, status: MapRunInfo['status'], now: number): void {
  info.status = status;
  info.stopDate = now;
  if (info.itemCounts.total !== info.executionCounts.total && status === 'SUCCEEDED') {
    Object.assign(info.itemCounts, { pending: 0, running: 0, succeeded: info.itemCounts.total, resultsWritten: info.itemCounts.total });
  }
}
