import { StatesError } from '../errors.js';

/**
 * A failure whose cause is final as it stands (a Task's error, a Fail state, a timeout): the
 * interpreter does not prefix it with "An error occurred while executing the state ...", which it
 * adds to errors raised while evaluating a state's fields.
 */
export class StateFailure extends StatesError {
  /** False for a Fail state without Error (ExecutionFailed then has no `error`). */
  readonly hasError: boolean;
  /** False when there is no cause (a Fail state without Cause, States.Timeout). */
  readonly hasCause: boolean;

  constructor(error: string | undefined, cause: string | undefined, details?: Readonly<Record<string, unknown>>) {
    super(error ?? '', cause ?? '', details);
    this.hasError = error !== undefined;
    this.hasCause = cause !== undefined;
  }
}

/** `{error, cause}` as events carry them: only the members that are set. */
export function errorDetails(failure: StatesError): { error?: string; cause?: string } {
  const details: { error?: string; cause?: string } = {};
  if (!(failure instanceof StateFailure) || failure.hasError) details.error = failure.error;
  if (!(failure instanceof StateFailure) || failure.hasCause) details.cause = failure.cause;
  return details;
}

/** Errors that Retry/Catch never see, not even through States.ALL (AWS: States.Runtime). */
export function isTerminal(error: string): boolean {
  return error === 'States.Runtime';
}

export function statePrefix(stateName: string, enteredEventId: number): string {
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). `;
}

/** Adds the state prefix to evaluation errors; leaves final failures as they are. */
export function asStateError(error: unknown, stateName: string, enteredEventId: number): StatesError {
  if (error instanceof StateFailure) return error;
  if (error instanceof StatesError) {
    if (error.cause.startsWith('An error occurred while executing the state')) return error;
    return new StatesError(error.error, statePrefix(stateName, enteredEventId) + error.cause, error.details);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StatesError('States.Runtime', statePrefix(stateName, enteredEventId) + message);
}
