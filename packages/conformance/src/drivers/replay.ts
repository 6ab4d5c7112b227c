import { type CorpusCase, isWaitStep, type RecordedLink, testFunctionOf } from '../corpus/types.js';
import { messageOfBoto3Text } from '../normalise/boto3.js';
import { isDict } from '../normalise/walk.js';
import { planOf } from '../runner/plan.js';
import { type Denormaliser, denormaliserFor } from './denormalise.js';
import type { CallPurpose, CallResult, Driver, DriverError, DriverFactory, DriverResponse } from './types.js';

export interface ReplayDriverOptions {
  /** Answer with the recorded values as they are (already normalised) instead of de-normalised ones. @default false */
  readonly verbatim?: boolean;
  /** Replace the answer to one replayed step (the self-test's mutations). */
  readonly override?: (step: number, answer: CallResult) => CallResult;
}

/**
 * A driver that answers each step with what AWS answered, from the case's recordings: the value a
 * recorded key links to that step, de-normalised back to wire form; other steps get a bare
 * success carrying what the step binds (from the case's `vars`), and wait polls get an answer
 * that meets the wait. It tests the runner, not a service: replaying every case through it must
 * pass, and a changed answer must fail with the right difference.
 */
export function replayDriver(testCase: CorpusCase, options: ReplayDriverOptions = {}): DriverFactory {
  return {
    name: 'replay',
    async start(): Promise<Driver> {
      const answers = recordedAnswers(testCase, options.verbatim ? verbatim : denormaliserFor(testCase));
      return {
        async call(operation, _args, purpose) {
          const answer =
            purpose && 'wait' in purpose
              ? waitAnswer(operation, purpose)
              : (answers.get(purpose?.step ?? -1) ?? bareAnswer(testCase, purpose?.step));
          return options.override && purpose && !('wait' in purpose) ? options.override(purpose.step, answer) : answer;
        },
        async close() {},
      };
    },
  };
}

const verbatim: Denormaliser = { value: (recorded) => structuredClone(recorded), text: (recorded) => recorded };

/** Replayed step index → the answer the recordings give for it. */
function recordedAnswers(testCase: CorpusCase, denormalise: Denormaliser): Map<number, CallResult> {
  const plan = planOf(testCase);
  const answers = new Map<number, CallResult>();
  const at = (recordedStep: number): number | undefined => plan.stepIndex(recordedStep);
  for (const [key, link] of Object.entries(testCase.recorded_links)) {
    const recorded = testCase.recorded[key];
    if (link.response_of_step !== undefined) {
      const step = at(link.response_of_step);
      if (step !== undefined && isDict(recorded))
        answers.set(step, { ok: true, response: withBinds(testCase, step, denormalise.value(recorded) as DriverResponse) });
    } else if (link.error_of_step !== undefined) {
      const step = at(link.error_of_step);
      if (step !== undefined) answers.set(step, { ok: false, error: recordedError(recorded, link, denormalise) });
    } else {
      for (const [step, response] of builtAnswers(testCase, key, link, denormalise)) {
        const index = at(step);
        if (index !== undefined) answers.set(index, { ok: true, response });
      }
    }
  }
  return answers;
}

function recordedError(recorded: unknown, link: RecordedLink, denormalise: Denormaliser): DriverError {
  if (link.client_side_validation) return { code: 'ParamValidationError', message: String(recorded), httpStatus: 0 };
  const text =
    typeof recorded === 'string'
      ? recorded
      : isDict(recorded) && typeof recorded.exception_value === 'string'
        ? recorded.exception_value
        : undefined;
  if (text !== undefined) {
    const parsed = messageOfBoto3Text(denormalise.text(text));
    return { code: parsed?.code ?? 'Unparsed', message: parsed?.message ?? text, httpStatus: 400 };
  }
  const shape = (isDict(recorded) ? denormalise.value(recorded) : {}) as Record<string, unknown>;
  const { Error: error, message: _message, ResponseMetadata: metadata, ...fields } = shape;
  const errorPart = isDict(error) ? error : {};
  return {
    code: String(errorPart.Code),
    message: String(errorPart.Message),
    httpStatus: isDict(metadata) && typeof metadata.HTTPStatusCode === 'number' ? metadata.HTTPStatusCode : 400,
    ...(Object.keys(fields).length ? { fields } : {}),
  };
}

/** Answers that make a test-assembled value come out as recorded (the inverse of the runner's builders). */
function builtAnswers(testCase: CorpusCase, key: string, link: RecordedLink, denormalise: Denormaliser): [number, DriverResponse][] {
  const recorded = testCase.recorded[key];
  if (typeof link.built_by_test === 'string' && link.built_by_test.startsWith('list of {input, output}') && Array.isArray(recorded)) {
    return (link.derived_from_steps ?? []).map((step, index) => {
      const entry = recorded[index];
      const output = isDict(entry) ? denormalise.value(entry.output) : null;
      return [
        step,
        metadata({
          events: [
            { type: 'ExecutionSucceeded', timestamp: new Date(0), executionSucceededEventDetails: { output: JSON.stringify(output) } },
          ],
        }),
      ];
    });
  }
  if (testFunctionOf(testCase.id) === 'test_sfn_api.py::TestSnfApi::test_list_sms' && Array.isArray(recorded)) {
    const step = link.derived_from_steps?.[0] ?? link.after_step;
    return step === undefined ? [] : [[step, metadata({ stateMachines: denormalise.value(recorded) })]];
  }
  return [];
}

/** A step no recorded key links: a bare success, with the members it binds taken from the case's `vars`. */
function bareAnswer(testCase: CorpusCase, step: number | undefined): CallResult {
  const replayed = step === undefined ? undefined : planOf(testCase).steps[step];
  if (replayed && !isWaitStep(replayed) && replayed.expect_error) {
    return { ok: false, error: { code: 'NotRecorded', message: 'the recordings hold no error for this step', httpStatus: 400 } };
  }
  return { ok: true, response: withBinds(testCase, step, metadata({})) };
}

function withBinds(testCase: CorpusCase, step: number | undefined, response: DriverResponse): DriverResponse {
  const replayed = step === undefined ? undefined : planOf(testCase).steps[step];
  if (!replayed || isWaitStep(replayed)) return response;
  const out = { ...response };
  for (const [name, path] of Object.entries(replayed.bind ?? {})) {
    const value = testCase.vars?.[name];
    if (value !== undefined) setAtPath(out, path, value, false);
  }
  return out;
}

/** Sets `mapRuns[0].mapRunArn`-style paths, keeping a value already there unless `overwrite`. */
function setAtPath(target: Record<string, unknown>, path: string, value: unknown, overwrite: boolean): void {
  const tokens = path.match(/[^.[\]]+/g) ?? [];
  let current: Record<string, unknown> = target;
  tokens.forEach((token, index) => {
    if (index === tokens.length - 1) {
      if (overwrite || current[token] === undefined) current[token] = value;
      return;
    }
    const next = current[token];
    if (typeof next !== 'object' || next === null) current[token] = /^\d+$/.test(tokens[index + 1] as string) ? [] : {};
    current = current[token] as Record<string, unknown>;
  });
}

/** An answer that meets the wait at once (the recordings hold no polls). */
function waitAnswer(operation: string, purpose: Extract<CallPurpose, { wait: string }>): CallResult {
  const args = purpose.waitArgs;
  const listed = !/not_listed|is_deleted/.test(purpose.wait);
  switch (operation) {
    case 'GetExecutionHistory':
      return ok({
        events: [
          { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: new Date(0), executionStartedEventDetails: {} },
          { id: 2, previousEventId: 1, type: 'ExecutionSucceeded', timestamp: new Date(1), executionSucceededEventDetails: {} },
        ],
      });
    case 'DescribeExecution':
      return ok({ executionArn: args.execution_arn, status: 'ABORTED' });
    case 'ListExecutions':
      return ok({ executions: [{ executionArn: args.execution_arn, status: args.status ?? 'SUCCEEDED' }] });
    case 'ListStateMachines':
      return ok({ stateMachines: listed ? [{ stateMachineArn: args.state_machine_arn }] : [] });
    case 'ListStateMachineVersions':
      return ok({
        stateMachineVersions: listed && args.state_machine_version_arn ? [{ stateMachineVersionArn: args.state_machine_version_arn }] : [],
      });
    case 'ListStateMachineAliases':
      return ok({ stateMachineAliases: listed ? [{ stateMachineAliasArn: args.state_machine_alias_arn }] : [] });
    default:
      return { ok: false, error: { code: 'NotRecorded', message: `no wait answer for ${operation}`, httpStatus: 400 } };
  }
}

function ok(response: DriverResponse): CallResult {
  return { ok: true, response: metadata(response) };
}

function metadata(response: DriverResponse): DriverResponse {
  return { ...response, ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: 200 } };
}
