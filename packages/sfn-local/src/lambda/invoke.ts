import { randomBytes } from 'node:crypto';
import type { LambdaContext } from './context.js';

/**
 * A local Lambda function: the real handler, `(event, context) => Promise<result>`. `event` is
 * typed `never` so handlers with any event type fit without a cast.
 */
export type LocalFunctionHandler = (event: never, context: LambdaContext) => unknown;

/** What the Node.js Lambda runtime reports when a handler throws (the invoke response body). */
export interface LambdaErrorDocument {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

export type InvocationOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: LambdaErrorDocument };

/** Lambda hands the event over as JSON: copy it the same way, so a handler can't touch engine state. */
function asLambdaEvent(event: unknown): unknown {
  // Step Functions invokes with an empty payload for a null/absent Payload; Lambda then sees {}.
  if (event === undefined || event === null) return {};
  return JSON.parse(JSON.stringify(event)) as unknown;
}

export function lambdaErrorDocument(error: unknown): LambdaErrorDocument {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      trace: (error.stack ?? `${error.name}: ${error.message}`).split('\n'),
    };
  }
  return { errorType: 'Error', errorMessage: String(error), trace: [] };
}

/**
 * The error a Task function throws into the engine: the engine fails the state with
 * Error = `name` and Cause = `message`, so name is the Lambda errorType and the message the
 * error document as compact JSON, which is what Step Functions shows for a failed Lambda.
 */
export function functionError(document: LambdaErrorDocument): Error {
  return Object.assign(new Error(JSON.stringify(document)), { name: document.errorType });
}

/** Runs a handler as Lambda would: JSON in, JSON out, a throw becomes an error document. */
export async function invokeLocalFunction(
  handler: LocalFunctionHandler,
  event: unknown,
  context: LambdaContext,
): Promise<InvocationOutcome> {
  let result: unknown;
  try {
    result = await handler(asLambdaEvent(event) as never, context);
  } catch (error) {
    return { ok: false, error: lambdaErrorDocument(error) };
  }
  try {
    // Lambda serialises the result; undefined becomes null, as the Node.js runtime sends it.
    return { ok: true, result: JSON.parse(JSON.stringify(result ?? null)) as unknown };
  } catch (error) {
    return {
      ok: false,
      error: { errorType: 'Runtime.MarshalError', errorMessage: `Unable to serialise the result: ${(error as Error).message}`, trace: [] },
    };
  }
}

function traceId(now: number): string {
  const epoch = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

/**
 * The result of the `arn:aws:states:::lambda:invoke` integration: the function's result in
 * `Payload`, with the Lambda Invoke response metadata AWS adds around it.
 */
export function invokeEnvelope(payload: unknown, requestId: string, now: number = Date.now()): Record<string, unknown> {
  const contentLength = String(Buffer.byteLength(JSON.stringify(payload ?? null), 'utf8'));
  const date = new Date(now).toUTCString();
  const trace = traceId(now);
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'X-Amz-Executed-Version': ['$LATEST'],
        'x-amzn-Remapped-Content-Length': ['0'],
        Connection: ['keep-alive'],
        'x-amzn-RequestId': [requestId],
        'Content-Length': [contentLength],
        Date: [date],
        'X-Amzn-Trace-Id': [trace],
        'Content-Type': ['application/json'],
      },
      HttpHeaders: {
        Connection: 'keep-alive',
        'Content-Length': contentLength,
        'Content-Type': 'application/json',
        Date: date,
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-Remapped-Content-Length': '0',
        'x-amzn-RequestId': requestId,
        'X-Amzn-Trace-Id': trace,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** Records one attempt of a Task: its end goes into the execution's history. */
export interface AttemptRecorder {
  succeeded(output: unknown): void;
  failed(error: string, cause: string): void;
}

export interface TaskOverrideOptions {
  /** `lambda-invoke`: the state's input is `{ FunctionName, Payload, ... }` and the result is enveloped. */
  readonly integration: 'lambda-invoke' | 'lambda-function';
  readonly functionName: string;
  /** The function's ARN, reported as `invokedFunctionArn` unless FunctionName is itself an ARN. */
  readonly functionArn: string;
  readonly handler: LocalFunctionHandler;
  /** The Task's TimeoutSeconds in ms: what `context.getRemainingTimeInMillis()` counts down from. */
  readonly timeoutMs: number;
  /** Called before each attempt with the state's effective input; undefined refuses the attempt (execution closed). */
  readonly begin: (parameters: unknown) => Promise<AttemptRecorder | undefined>;
  readonly createContext: (options: { functionName: string; invokedFunctionArn: string; timeoutMs: number }) => LambdaContext;
  /** Sees every handler run, so a shutdown can wait for the ones still going. */
  readonly track?: (running: Promise<unknown>) => void;
  /** Called once per attempt after `begin`: a failure to report instead of running the handler (fault injection). */
  readonly injectFault?: () => { readonly error: string; readonly cause: string } | undefined;
}

/**
 * Turns a handler into an engine task override (`taskResourceLocalHandlers[state]`). The engine
 * passes the input after InputPath/Parameters and uses the return value as the Task's result.
 */
export function createTaskOverride(options: TaskOverrideOptions): (input: unknown) => Promise<unknown> {
  return async (input) => {
    const recorder = await options.begin(input);
    if (!recorder) throw Object.assign(new Error('The execution is no longer running'), { name: 'States.Runtime' });
    const injected = options.injectFault?.();
    if (injected) {
      // As when the Lambda service itself fails the invoke: the handler never runs.
      recorder.failed(injected.error, injected.cause);
      throw Object.assign(new Error(injected.cause), { name: injected.error });
    }
    const parameters = (input ?? {}) as { FunctionName?: unknown; Payload?: unknown };
    const lambdaInvoke = options.integration === 'lambda-invoke';
    const functionName = typeof parameters.FunctionName === 'string' && lambdaInvoke ? parameters.FunctionName : undefined;
    const context = options.createContext({
      functionName: options.functionName,
      invokedFunctionArn: functionName?.startsWith('arn:') ? functionName : options.functionArn,
      timeoutMs: options.timeoutMs,
    });
    const running = invokeLocalFunction(options.handler, lambdaInvoke ? parameters.Payload : input, context);
    options.track?.(running);
    const outcome = await running;
    if (!outcome.ok) {
      const error = functionError(outcome.error);
      recorder.failed(error.name, error.message);
      throw error;
    }
    const output = lambdaInvoke ? invokeEnvelope(outcome.result, context.awsRequestId) : outcome.result;
    recorder.succeeded(output);
    return output;
  };
}
