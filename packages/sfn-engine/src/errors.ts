/**
 * A Step Functions error as a state raises it: `error` is the name Retry/Catch match on
 * (`States.Runtime`, `States.QueryEvaluationError`, a Lambda errorType, ...), `cause` the text AWS
 * shows (exact where AWS's text is recorded in the conformance corpus).
 *
 * Every part of the engine throws this for failures that belong to the execution; anything else
 * thrown is a bug in the engine (reported as `States.Runtime` by the interpreter).
 */
export class StatesError extends Error {
  override readonly name = 'StatesError';

  constructor(
    readonly error: string,
    override readonly cause: string,
    /** Extra facts for history events (e.g. the EvaluationFailed event's `location`). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(`${error}: ${cause}`);
  }
}

export function isStatesError(value: unknown): value is StatesError {
  return value instanceof StatesError;
}
