import { randomUUID } from 'node:crypto';

/**
 * The Lambda `context` object a handler receives, with the fields of `aws-lambda`'s `Context`
 * (so handlers typed against it accept this one).
 */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  getRemainingTimeInMillis(): number;
  /** Deprecated callback-style completion; the local runtime uses the returned promise only. */
  done(error?: Error, result?: unknown): void;
  fail(error: Error | string): void;
  succeed(messageOrObject: unknown): void;
}

export interface LambdaContextOptions {
  readonly functionName: string;
  /** The ARN the function was invoked with. */
  readonly invokedFunctionArn: string;
  /** How long the invocation may run: the function's timeout. */
  readonly timeoutMs: number;
  /** The function's memory size in MB, reported as `memoryLimitInMB` (nothing limits memory in process). @default 128 */
  readonly memorySize?: number;
  readonly awsRequestId?: string;
  /** For tests. @default Date.now */
  readonly now?: () => number;
}

/** Lambda's default memory size. */
const DEFAULT_MEMORY_SIZE = 128;

export function createLambdaContext(options: LambdaContextOptions): LambdaContext {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  const started = new Date(now());
  const day = started.toISOString().slice(0, 10).replaceAll('-', '/');
  const noop = () => undefined;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: options.invokedFunctionArn,
    memoryLimitInMB: String(options.memorySize ?? DEFAULT_MEMORY_SIZE),
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${options.functionName}`,
    // Lambda's format: <date>/[<version>]<instance id>.
    logStreamName: `${day}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: noop,
    fail: noop,
    succeed: noop,
  };
}
