/**
 * TestState: runs one state once, as AWS's TestState API does — with a mocked result or error,
 * given variables, context and state configuration — and answers in the API's response shape:
 * SUCCEEDED, FAILED, RETRIABLE (a retrier would retry) or CAUGHT_ERROR (a catcher took it), the
 * next state, and at DEBUG/TRACE the intermediate data (`inspectionData`). Request errors throw a
 * TestStateError with AWS's code and text.
 */
import { realClock } from '../clock.js';
import type { QueryLanguage, StateDefinition, StatesBlock } from '../definition/types.js';
import { parseDefinition, validateDefinition } from '../definition/validate.js';
import { StatesError } from '../errors.js';
import { HistoryRecorder } from '../history/recorder.js';
import { createRuntime } from '../runtime/create-runtime.js';
import { asStateError, errorDetails } from '../runtime/failure.js';
import { parseWithText, toJsonText } from '../runtime/json-text.js';
import { RetryFollows, runState, type StateHandler } from '../runtime/run-state.js';
import { runStates } from '../runtime/run-states.js';
import type { ExecutionRuntime, Frame } from '../runtime/types.js';
import { STATE_HANDLERS } from '../states/index.js';
import { checkGivenContext, defaultContext } from './context.js';
import { testStateErrors } from './errors.js';
import { checkMockedResult, mockedHandler } from './mocked-branches.js';
import { checkMockShape } from './mock-shape.js';
import type { InspectionData, TestStateOptions, TestStateResult } from './types.js';

const NUMERIC_INSPECTION = new Set(['maxConcurrency', 'toleratedFailureCount', 'toleratedFailurePercentage']);
const ERROR_DETAILS = new Set(['retryIndex', 'catchIndex']);

export async function testState(options: TestStateOptions): Promise<TestStateResult> {
  const { mock, stateConfiguration: config = {} } = options;
  if (mock?.result !== undefined && mock.errorOutput !== undefined) throw testStateErrors.mockHasBoth();
  if (mock !== undefined && options.revealSecrets === true) throw testStateErrors.revealSecretsWithMock();
  const { name, state, queryLanguage } = pickState(options);
  const branching = state.Type === 'Map' || state.Type === 'Parallel';
  if (mock !== undefined && !branching && state.Type !== 'Task') throw testStateErrors.mockNotSupported(state.Type);
  if (mock === undefined && config.mapIterationFailureCount !== undefined) throw testStateErrors.failureCountWithoutMock();
  if (mock === undefined && branching) throw testStateErrors.mapOrParallelWithoutMock();
  if (mock === undefined && state.Type === 'Task' && options.roleArn === undefined) throw testStateErrors.roleArnRequired();
  const given = jsonObject(options.context);
  if (given !== undefined) checkGivenContext(given);
  const mockedResult = mock?.result === undefined ? undefined : parseWithText(mock.result);
  if (branching && mockedResult !== undefined) checkMockedResult(state, mockedResult, config.mapIterationFailureCount);
  const shape = state.Type === 'Task' && mockedResult !== undefined ? options.mockResultShape?.(String(state.Resource)) : undefined;
  if (shape !== undefined) checkMockShape(mockedResult, shape, mock?.fieldValidationMode ?? 'STRICT');

  const inputText = options.input === undefined ? '{}' : typeof options.input === 'string' ? options.input : JSON.stringify(options.input);
  const input = parseWithText(inputText);
  const variables = jsonObject(options.variables) ?? {};
  const clock = options.clock ?? realClock();
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const taskMock =
    mock !== undefined && !branching
      ? {
          [name]: [
            mock.errorOutput === undefined
              ? { Return: mockedResult }
              : {
                  Throw: {
                    Error: mock.errorOutput.error ?? '',
                    ...(mock.errorOutput.cause === undefined ? {} : { Cause: mock.errorOutput.cause }),
                  },
                },
          ],
        }
      : undefined;
  const base = createRuntime(
    { ...options, ...(taskMock === undefined ? {} : { mocks: taskMock }) },
    { executionArn: `arn:aws:states:${region}:${accountId}:execution:TestState:test` },
    {
      clock,
      recorder: new HistoryRecorder(clock, Number.MAX_SAFE_INTEGER),
      signal: new AbortController().signal,
      inputValue: input,
      runBlock: (runtime: ExecutionRuntime, block: StatesBlock, blockInput: unknown, frame: Frame) =>
        runStates(runtime, block, blockInput, frame, STATE_HANDLERS),
    },
  );
  const inspected = new Map<string, unknown>();
  const rt: ExecutionRuntime = {
    ...base,
    inspect: (key, value) => inspected.set(key, value),
    contextOf:
      given === undefined ? defaultContext(region, accountId, options.roleArn, input, new Date(clock.now()).toISOString()) : () => given,
    testRetry: { retryCount: config.retrierRetryCount ?? 0 },
  };
  const handler: StateHandler | undefined =
    branching && mock !== undefined ? mockedHandler(mock, mockedResult, config.mapIterationFailureCount ?? 0) : STATE_HANDLERS[state.Type];
  if (handler === undefined) throw new StatesError('ValidationException', `State type '${state.Type}' is not supported`);
  const frame: Frame = { cursor: 0, variables: { ...variables }, queryLanguage };
  let result: Omit<TestStateResult, 'inspectionData'>;
  rt.turns.tryAcquire();
  try {
    const run = await runState(rt, frame, name, state, input, handler);
    const next = run.next === undefined ? {} : { nextState: run.next };
    result =
      run.caught === undefined
        ? { status: 'SUCCEEDED', output: toJsonText(run.output), ...next }
        : { status: 'CAUGHT_ERROR', output: toJsonText(run.output), ...errorDetails(run.caught), ...next };
  } catch (thrown) {
    if (thrown instanceof RetryFollows) {
      inspected.set('retryIndex', thrown.retryIndex);
      inspected.set('retryBackoffIntervalSeconds', thrown.delayMs / 1000);
      result = { status: 'RETRIABLE', ...errorDetails(thrown.failure) };
    } else result = { status: 'FAILED', ...errorDetails(asStateError(thrown, name, 1)) };
  } finally {
    rt.turns.release();
  }
  const level = options.inspectionLevel ?? 'INFO';
  if (level === 'INFO') return result;
  return { ...result, inspectionData: inspectionData(inputText, inspected, options.variables, variables) };
}

function inspectionData(
  inputText: string,
  inspected: ReadonlyMap<string, unknown>,
  variablesGiven: TestStateOptions['variables'],
  variables: Readonly<Record<string, unknown>>,
): InspectionData {
  const data: Record<string, unknown> = { input: inputText };
  const details: Record<string, unknown> = {};
  for (const [key, value] of inspected) {
    if (ERROR_DETAILS.has(key) || key === 'retryBackoffIntervalSeconds') details[key] = value;
    else data[key] = NUMERIC_INSPECTION.has(key) ? value : toJsonText(value);
  }
  if (Object.keys(details).length > 0) data.errorDetails = details;
  if (Object.keys(variables).length > 0) data.variables = typeof variablesGiven === 'string' ? variablesGiven : JSON.stringify(variables);
  return data as InspectionData;
}

/** The state to test: one state, or `stateName` (default StartAt) anywhere in a definition, nested ones included. */
function pickState(options: TestStateOptions): { name: string; state: StateDefinition; queryLanguage: QueryLanguage } {
  const source = options.definition ?? options.state ?? {};
  const parsed = parseDefinition(source) as Record<string, unknown>;
  if (parsed.States === undefined) {
    const state = parsed as unknown as StateDefinition;
    return {
      name: options.stateName ?? 'StateName',
      state,
      queryLanguage: (state.QueryLanguage as QueryLanguage | undefined) ?? 'JSONPath',
    };
  }
  const definition = validateDefinition(source);
  const top = definition.QueryLanguage ?? 'JSONPath';
  const name = options.stateName ?? definition.StartAt;
  const found = findState(definition, name);
  if (found === undefined) throw testStateErrors.stateNotFound();
  return { name, state: found, queryLanguage: (found.QueryLanguage as QueryLanguage | undefined) ?? top };
}

function findState(block: StatesBlock, name: string): StateDefinition | undefined {
  const direct = block.States[name];
  if (direct !== undefined) return direct;
  for (const state of Object.values(block.States)) {
    const nested = [
      ...((state.Branches as StatesBlock[] | undefined) ?? []),
      ...[state.ItemProcessor ?? state.Iterator].filter((item) => item !== undefined),
    ] as StatesBlock[];
    for (const inner of nested) {
      const found = findState(inner, name);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function jsonObject(value: string | Readonly<Record<string, unknown>> | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  return (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
}
