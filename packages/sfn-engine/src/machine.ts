/**
 * createStateMachine: validates a definition once; `start` runs executions of it, writing AWS's
 * history events as they happen.
 */
import { realClock } from './clock.js';
import { validateDefinition } from './definition/validate.js';
import type { StateMachineDefinition, StatesBlock } from './definition/types.js';
import { StatesError } from './errors.js';
import { gatedRecorder, HistoryRecorder } from './history/recorder.js';
import type { HistoryEvent } from './history/events.js';
import type { Execution, ExecutionResult, StartOptions, StateMachineOptions } from './options.js';
import { createRuntime } from './runtime/create-runtime.js';
import { errorDetails, StateFailure } from './runtime/failure.js';
import { byteLength, parseWithText, toJsonText } from './runtime/json-text.js';
import { runStates } from './runtime/run-states.js';
import type { ExecutionRuntime, Frame } from './runtime/types.js';
import { STATE_HANDLERS } from './states/index.js';

export { DEFAULT_HISTORY_LIMIT, DEFAULT_PAYLOAD_LIMIT } from './runtime/create-runtime.js';
import { DEFAULT_HISTORY_LIMIT } from './runtime/create-runtime.js';

export interface StateMachine {
  readonly definition: StateMachineDefinition;
  /** Starts an execution. `input` is the execution input as a JSON text (as StartExecution takes it), or a JSON value. */
  start(input: unknown, options: StartOptions): Execution;
}

/** Aborts an execution: why it ended early. */
class Interruption extends Error {
  constructor(
    readonly status: 'ABORTED' | 'TIMED_OUT',
    readonly details: { error?: string; cause?: string },
  ) {
    super(status);
  }
}

export function createStateMachine(definition: string | object, options: StateMachineOptions = {}): StateMachine {
  const parsed = validateDefinition(definition);
  return { definition: parsed, start: (input, startOptions) => startExecution(parsed, options, input, startOptions) };
}

function runBlock(rt: ExecutionRuntime, block: StatesBlock, input: unknown, frame: Frame): Promise<unknown> {
  return runStates(rt, block, input, frame, STATE_HANDLERS);
}

/** Where a redriven execution picks up (see redrive.ts). */
export interface Resume {
  readonly events: readonly HistoryEvent[];
  readonly startAt: string;
  readonly input: unknown;
  readonly variables: Record<string, unknown>;
  readonly redriveCount: number;
  readonly inputText: string;
}

export function startExecution(
  definition: StateMachineDefinition,
  options: StateMachineOptions,
  input: unknown,
  start: StartOptions,
  resume?: Resume,
): Execution {
  const clock = options.clock ?? realClock();
  const recorder = new HistoryRecorder(clock, options.limits?.historyEvents ?? DEFAULT_HISTORY_LIMIT, resume?.events);
  if (start.onEvent !== undefined) recorder.onEvent(start.onEvent);
  const controller = new AbortController();
  const inputText =
    resume?.inputText ?? (input === undefined || input === null ? '{}' : typeof input === 'string' ? input : JSON.stringify(input));
  const inputValue = parseWithText(inputText);
  // Threads write through a view the stop closes; only the closing event is written after it.
  const rt = createRuntime(options, start, {
    clock,
    recorder: gatedRecorder(recorder, controller.signal),
    signal: controller.signal,
    inputValue,
    runBlock,
    redriveCount: resume?.redriveCount,
  });
  const stop = (status: 'ABORTED' | 'TIMED_OUT', details: { error?: string; cause?: string }): void => {
    if (!controller.signal.aborted) controller.abort(new Interruption(status, details));
  };
  start.signal?.addEventListener('abort', () => stop('ABORTED', {}), { once: true });

  const roleArn = rt.contextBase.Execution.RoleArn as string;
  const result = run(definition, rt, recorder, inputText, inputValue, roleArn, stop, resume).finally(() => {
    recorder.close();
    // Ends work still running in branches that lost a race with a failure.
    if (!controller.signal.aborted) controller.abort(new Interruption('ABORTED', {}));
  });
  return {
    events: { [Symbol.asyncIterator]: () => recorder.iterate() },
    history: recorder.events,
    result,
    stop: (error, cause) => stop('ABORTED', { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) }),
  };
}

async function run(
  definition: StateMachineDefinition,
  rt: ExecutionRuntime,
  recorder: HistoryRecorder,
  inputText: string,
  inputValue: unknown,
  roleArn: string,
  stop: (status: 'TIMED_OUT', details: object) => void,
  resume?: Resume,
): Promise<ExecutionResult> {
  const { clock, signal } = rt;
  const frame: Frame = { cursor: 0, variables: resume?.variables ?? {}, queryLanguage: definition.QueryLanguage ?? 'JSONPath' };
  if (resume === undefined) recorder.emit('ExecutionStarted', 0, { input: inputText, inputDetails: { truncated: false }, roleArn });
  else frame.cursor = recorder.emit('ExecutionRedriven', recorder.lastId, { redriveCount: resume.redriveCount });
  const block: StatesBlock = resume === undefined ? definition : { ...definition, StartAt: resume.startAt };
  const firstInput = resume === undefined ? inputValue : resume.input;
  const timer = new AbortController();
  if (typeof definition.TimeoutSeconds === 'number') {
    clock.sleep(definition.TimeoutSeconds * 1000, AbortSignal.any([timer.signal, signal])).then(
      () => stop('TIMED_OUT', {}),
      () => undefined,
    );
  }
  const interrupted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  if (!rt.turns.tryAcquire()) await rt.turns.acquire();
  try {
    const output = await Promise.race([runBlock(rt, block, firstInput, frame), interrupted]);
    const outputText = toJsonText(output);
    if (byteLength(outputText) > rt.payloadLimit) {
      throw new StateFailure(
        'States.DataLimitExceeded',
        'The state/task returned a result with a size exceeding the maximum number of bytes service limit.',
      );
    }
    recorder.emit('ExecutionSucceeded', frame.cursor, { output: outputText, outputDetails: { truncated: false } }, true);
    return { status: 'SUCCEEDED', output: outputText };
  } catch (thrown) {
    const reason = signal.aborted ? signal.reason : thrown;
    if (reason instanceof Interruption) {
      if (reason.status === 'TIMED_OUT') {
        recorder.emit('ExecutionTimedOut', frame.cursor, reason.details, true);
        return { status: 'TIMED_OUT', ...reason.details };
      }
      recorder.emit('ExecutionAborted', 0, reason.details, true);
      return { status: 'ABORTED', ...reason.details };
    }
    const failure =
      thrown instanceof StatesError ? thrown : new StatesError('States.Runtime', thrown instanceof Error ? thrown.message : String(thrown));
    const details = errorDetails(failure);
    recorder.emit('ExecutionFailed', frame.cursor, details, true);
    return { status: 'FAILED', ...details };
  } finally {
    timer.abort();
    rt.turns.release();
  }
}
