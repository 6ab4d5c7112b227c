/**
 * What an `invoke` implementation throws when the function itself failed (Lambda's "function
 * error"): `errorType` becomes the Step Functions error name, the error document becomes the cause.
 *
 * - `document`: the error document exactly as the runtime wrote it (a plain-ARN Task shows it as
 *   its cause verbatim, keeping the runtime's spacing). Default: compact JSON of
 *   `{errorType, errorMessage, trace}` (Node's shape).
 * - A function that does not exist: throw `LambdaError.functionNotFound(functionArn)`; the engine
 *   reports `Lambda.ResourceNotFoundException` with AWS's text.
 */
export class LambdaError extends Error {
  override readonly name = 'LambdaError';
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
  readonly document?: string;
  /** Set for a function that does not exist: its full ARN (with qualifier when one was given). */
  readonly missingFunctionArn?: string;

  constructor(init: {
    errorType: string;
    errorMessage: string;
    trace?: readonly string[];
    document?: string;
    missingFunctionArn?: string;
  }) {
    super(`${init.errorType}: ${init.errorMessage}`);
    this.errorType = init.errorType;
    this.errorMessage = init.errorMessage;
    if (init.trace !== undefined) this.trace = init.trace;
    if (init.document !== undefined) this.document = init.document;
    if (init.missingFunctionArn !== undefined) this.missingFunctionArn = init.missingFunctionArn;
  }

  /** The function named by `functionArn` does not exist (AWS: Lambda.ResourceNotFoundException). */
  static functionNotFound(functionArn: string): LambdaError {
    return new LambdaError({
      errorType: 'ResourceNotFoundException',
      errorMessage: `Function not found: ${functionArn}`,
      missingFunctionArn: functionArn,
    });
  }

  /** The error document as the function's runtime wrote it. */
  get errorDocument(): string {
    return this.document ?? JSON.stringify({ errorType: this.errorType, errorMessage: this.errorMessage, trace: this.trace ?? [] });
  }
}

export function isLambdaError(value: unknown): value is LambdaError {
  return value instanceof LambdaError;
}
