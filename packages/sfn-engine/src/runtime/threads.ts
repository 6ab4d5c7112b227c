/**
 * The threads of a Map or Parallel state: each branch or iteration runs in its own frame with its
 * own abort signal, taking turns with the rest of the execution. The first failure that the group
 * does not tolerate ends it; the state then writes AWS's closing events and aborts the threads
 * still running (their in-flight invocations see `signal` abort, and they write nothing more).
 */
import type { StatesBlock } from '../definition/types.js';
import { gatedRecorder, type Recorder } from '../history/recorder.js';
import { untilAborted } from './turns.js';
import type { ExecutionRuntime, Frame } from './types.js';

/** How long (clock time) a failed group waits before it closes and aborts the other threads. */
export const SETTLE_MS = 100;

export type ThreadStatus = 'running' | 'succeeded' | 'failed' | 'tolerated' | 'aborted';

export interface Thread {
  readonly index: number;
  readonly frame: Frame;
  readonly controller: AbortController;
  status: ThreadStatus;
}

export interface ThreadSpec {
  readonly block: StatesBlock;
  readonly input: unknown;
  readonly frame: Frame;
  /** The runtime the thread runs on (a distributed Map's child execution has its own recorder). */
  readonly rt?: ExecutionRuntime;
}

export interface GroupOptions {
  readonly count: number;
  /** At most this many threads at once; 0 = all. */
  readonly limit: number;
  /** Called, holding the turn, just before thread `index` starts (writes e.g. MapIterationStarted). */
  prepare(index: number): ThreadSpec;
  /** Called, holding the turn, when a thread finished (writes e.g. MapIterationSucceeded). */
  succeeded?(thread: Thread, output: unknown): void;
  /** Called, holding the turn, for each failure; true tolerates it (the group goes on). */
  tolerate?(thread: Thread, failure: unknown): boolean;
}

export interface GroupResult {
  readonly outputs: unknown[];
  readonly threads: readonly Thread[];
  /** The first failure that was not tolerated. */
  readonly failure?: { readonly thread: Thread; readonly error: unknown };
}

/**
 * Runs the group's threads and resolves once all finished or one failed. On a failure it first
 * waits SETTLE_MS of clock time, so siblings' events due by then are written before the close:
 * AWS handles a branch's failure asynchronously (recorded: four iterations' TaskTimedOut, started
 * milliseconds apart, all before the first MapIterationFailed). Then it returns; the caller writes
 * the closing events and calls `abortThreads`.
 * `threads` fills as threads start (an abort from outside reads it while the group runs).
 */
export async function runGroup(rt: ExecutionRuntime, options: GroupOptions, threads: Thread[] = []): Promise<GroupResult> {
  const outputs = new Array<unknown>(options.count);
  let next = 0;
  let running = 0;
  let failure: { thread: Thread; error: unknown } | undefined;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const launch = (): void => {
    while (failure === undefined && next < options.count && (options.limit <= 0 || running < options.limit)) {
      const index = next++;
      running += 1;
      const spec = options.prepare(index);
      const base = spec.rt ?? rt;
      const controller = new AbortController();
      const signal = AbortSignal.any([base.signal, controller.signal]);
      const threadRt: ExecutionRuntime = { ...base, signal, recorder: gatedRecorder(base.recorder, controller.signal) };
      const thread: Thread = { index, frame: spec.frame, controller, status: 'running' };
      threads.push(thread);
      void runThread(threadRt, spec, (outcome) => {
        running -= 1;
        if (signal.aborted) thread.status = 'aborted';
        else if ('output' in outcome) {
          thread.status = 'succeeded';
          outputs[index] = outcome.output;
          options.succeeded?.(thread, outcome.output);
        } else if (failure !== undefined) thread.status = 'failed';
        else if (options.tolerate?.(thread, outcome.error) === true) thread.status = 'tolerated';
        else {
          thread.status = 'failed';
          failure = { thread, error: outcome.error };
        }
        launch();
        if (failure !== undefined || (running === 0 && next >= options.count)) finish();
      });
    }
  };
  launch();
  if (options.count === 0) finish();
  await rt.turns.wait(Promise.race([finished, untilAborted(rt.signal)]));
  if (failure !== undefined) await rt.turns.wait(rt.clock.sleep(SETTLE_MS, rt.signal));
  return failure === undefined ? { outputs, threads } : { outputs, threads, failure };
}

/** Aborts every thread of the group that is still running or failed after the first failure. */
export function abortThreads(threads: readonly Thread[], except?: Thread): Thread[] {
  const aborted = threads
    .filter((thread) => thread !== except && thread.status !== 'succeeded' && thread.status !== 'tolerated')
    .sort((a, b) => a.index - b.index);
  for (const thread of threads) thread.controller.abort(new Error('aborted'));
  return aborted;
}

/** Event types of states that an abort closes with `<Type>StateAborted`. */
const ABORTABLE = new Set(['Task', 'Wait', 'Map', 'Parallel']);

/** Writes the abort events of the state a thread is in (its nested threads first), all pointing at `previousEventId`. */
export function writeAborted(recorder: Recorder, frame: Frame, previousEventId: number): void {
  const open = frame.open;
  if (open === undefined) return;
  open.abortNested?.(recorder, previousEventId);
  if (ABORTABLE.has(open.type)) recorder.emit(`${open.type}StateAborted`, previousEventId);
  frame.open = undefined;
}

/** The state a failed thread failed in is closed as aborted when it is a Task (recorded; not for Fail or Pass). */
export function writeFailedThreadAborted(recorder: Recorder, frame: Frame, previousEventId: number): void {
  if (frame.open?.type === 'Task') recorder.emit('TaskStateAborted', previousEventId);
  frame.open = undefined;
}

async function runThread(
  rt: ExecutionRuntime,
  spec: ThreadSpec,
  settle: (outcome: { output: unknown } | { error: unknown }) => void,
): Promise<void> {
  await rt.turns.acquire();
  try {
    let outcome: { output: unknown } | { error: unknown };
    try {
      outcome = { output: await rt.runBlock(rt, spec.block, spec.input, spec.frame) };
    } catch (error) {
      outcome = { error };
    }
    settle(outcome);
  } finally {
    rt.turns.release();
  }
}
