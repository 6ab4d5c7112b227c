/**
 * The errors the Lambda service itself reports about an invocation (the sandbox timed out, ran out
 * of memory or exited) and the runner's own errors. The texts are Lambda's:
 * - timeout: `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id> Error: Task timed out after 1.00 seconds"}`
 *   (an invoke response quoted in seek-oss/aws-codedeploy-hooks' changelog; LocalStack's Lambda
 *   runtime init writes the same `RequestId: %s Error: Task timed out after %d.00 seconds`);
 * - exit: `RequestId: <id> Error: Runtime exited with error: exit status 129` (AWS knowledge center
 *   "lambda-runtime-error"), `... signal: killed` for a killed runtime, and
 *   `RequestId: <id> Error: Runtime exited without providing a reason` for a clean exit (the Lambda
 *   execution environment guide's crash example), all with errorType `Runtime.ExitError`;
 * - out of memory: errorType `Runtime.OutOfMemory` (the REPORT line's `Error Type` and the invoke
 *   response's), message as for the runtime killed on its memory limit (`signal: killed`).
 */
import type { FunctionErrorDocument } from './types.js';

export function timedOut(requestId: string, timeoutSeconds: number): FunctionErrorDocument {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}

/** The sandbox ended during the invocation: an exit code (process.exit) or a signal. */
export function runtimeExited(requestId: string, exit: { readonly code: number } | { readonly signal: string }): FunctionErrorDocument {
  const how = 'signal' in exit ? `signal: ${exit.signal}` : `exit status ${exit.code}`;
  const errorMessage =
    'code' in exit && exit.code === 0
      ? `RequestId: ${requestId} Error: Runtime exited without providing a reason`
      : `RequestId: ${requestId} Error: Runtime exited with error: ${how}`;
  return { errorType: 'Runtime.ExitError', errorMessage };
}

export function outOfMemory(requestId: string): FunctionErrorDocument {
  return { errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed` };
}

/**
 * Lambda's throttle (HTTP 429) when the function's concurrency is used up and the runner is set to
 * `whenBusy: 'throttle'`. A service error, not a function error: Step Functions reports it as
 * `Lambda.TooManyRequestsException`.
 */
export class TooManyRequestsError extends Error {
  override readonly name = 'TooManyRequestsException';
  readonly reason = 'ReservedFunctionConcurrentInvocationLimitExceeded';
  readonly statusCode = 429;
  readonly functionName: string;
  constructor(functionName: string) {
    super('Rate Exceeded.');
    this.functionName = functionName;
  }
}

export class FunctionRunnerClosedError extends Error {
  override readonly name = 'FunctionRunnerClosedError';
  readonly functionName: string;
  constructor(functionName: string) {
    super(`The function runner is closed: function "${functionName}" was not (or not completely) invoked`);
    this.functionName = functionName;
  }
}
