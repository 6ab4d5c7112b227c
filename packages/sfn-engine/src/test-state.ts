/**
 * TestState: runs one state once, as AWS's TestState API does — with an optional mocked result or
 * error, given variables and context — and reports SUCCEEDED, FAILED, RETRIABLE (a retrier would
 * retry) or CAUGHT_ERROR (a catcher took it), with the next state.
 *
 * Deviation: `inspectionData` carries `input` and `variables` only (AWS adds the intermediate
 * data-flow steps at DEBUG/TRACE).
 */
import { realClock } from './clock.js';
import { parseDefinition, validateDefinition } from './definition/validate.js';
import type { QueryLanguage, StateDefinition, StatesBlock } from './definition/types.js';
import { StatesError } from './errors.js';
import { HistoryRecorder } from './history/recorder.js';
import type { ExecutionFacts, MockedResponse, StateMachineOptions } from './options.js';
import { createRuntime } from './runtime/create-runtime.js';
import { asStateError } from './runtime/failure.js';
import { parseWithText, toJsonText } from './runtime/json-text.js';
import { findRetrier, maxAttempts } from './runtime/retry.js';
import { runState } from './runtime/run-state.js';
import { runStates } from './runtime/run-states.js';
import type { ExecutionRuntime, Frame } from './runtime/types.js';
import { STATE_HANDLERS } from './states/index.js';
import type { Retrier } from './definition/types.js';

export interface TestStateOptions extends Omit<StateMachineOptions, 'mocks'> {
  /** A whole definition (then `stateName` picks the state, default StartAt) or one `state`. */
  readonly definition?: string | object;
  readonly state?: string | object;
  readonly stateName?: string;
  /** JSON text (as the API takes it) or a value. @default '{}' */
  readonly input?: unknown;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly context?: ExecutionFacts;
  /** AWS's TestState mock: `result` (a JSON text) or `errorOutput`. */
  readonly mock?: { readonly result?: string; readonly errorOutput?: { readonly error: string; readonly cause?: string } };
  readonly inspectionLevel?: 'INFO' | 'DEBUG' | 'TRACE';
}

export interface TestStateResult {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly nextState?: string;
  readonly inspectionData: { readonly input: string; readonly variables?: string };
}

export async function testState(options: TestStateOptions): Promise<TestStateResult> {
  const { name, state, queryLanguage } = pickState(options);
  const inputText = options.input === undefined ? '{}' : typeof options.input === 'string' ? options.input : JSON.stringify(options.input);
  const input = parseWithText(inputText);
  const mocks = options.mock === undefined ? undefined : { [name]: [mockOf(options.mock)] };
  const clock = options.clock ?? realClock();
  const rt = createRuntime({ ...options, ...(mocks === undefined ? {} : { mocks }) }, { executionArn: `arn:aws:states:${options.region ?? 'us-east-1'}:${options.accountId ?? '123456789012'}:execution:TestState:test`, ...(options.context === undefined ? {} : { context: options.context }) }, {
    clock,
    recorder: new HistoryRecorder(clock, Number.MAX_SAFE_INTEGER),
    signal: new AbortController().signal,
    inputValue: input,
    runBlock: (runtime: ExecutionRuntime, block: StatesBlock, blockInput: unknown, frame: Frame) => runStates(runtime, block, blockInput, frame, STATE_HANDLERS),
  });
  const frame: Frame = { cursor: 0, variables: { ...options.variables }, queryLanguage };
  const inspectionData = { input: inputText, ...(options.variables === undefined ? {} : { variables: JSON.stringify(options.variables) }) };
  const { Retry: retry, ...once } = state;
  const handler = STATE_HANDLERS[state.Type];
  if (handler === undefined) throw new StatesError('ValidationException', `State type '${state.Type}' is not supported`);
  try {
    const run = await runState(rt, frame, name, once as StateDefinition, input, handler);
    const next = run.next === undefined ? {} : { nextState: run.next };
    if (run.caught !== undefined) return { status: 'CAUGHT_ERROR', output: toJsonText(run.output), error: run.caught.error, cause: run.caught.cause, ...next, inspectionData };
    return { status: 'SUCCEEDED', output: toJsonText(run.output), ...next, inspectionData };
  } catch (thrown) {
    const failure = asStateError(thrown, name, 1);
    const retriers = retry as readonly Retrier[] | undefined;
    const retrier = retriers?.[findRetrier(retriers, failure.error)];
    const status = retrier !== undefined && maxAttempts(retrier) > 0 ? 'RETRIABLE' : 'FAILED';
    return { status, error: failure.error, cause: failure.cause, inspectionData };
  }
}

function pickState(options: TestStateOptions): { name: string; state: StateDefinition; queryLanguage: QueryLanguage } {
  if (options.definition !== undefined) {
    const definition = validateDefinition(options.definition);
    const name = options.stateName ?? definition.StartAt;
    const state = definition.States[name];
    if (state === undefined) throw new StatesError('ValidationException', 'State not found in definition');
    return { name, state, queryLanguage: definition.QueryLanguage ?? 'JSONPath' };
  }
  const state = parseDefinition(options.state ?? {}) as StateDefinition;
  return { name: options.stateName ?? 'TestState', state, queryLanguage: (state.QueryLanguage as QueryLanguage | undefined) ?? 'JSONPath' };
}

function mockOf(mock: NonNullable<TestStateOptions['mock']>): MockedResponse {
  if (mock.errorOutput !== undefined) return { Throw: { Error: mock.errorOutput.error, ...(mock.errorOutput.cause === undefined ? {} : { Cause: mock.errorOutput.cause }) } };
  return { Return: JSON.parse(mock.result ?? 'null') };
}
