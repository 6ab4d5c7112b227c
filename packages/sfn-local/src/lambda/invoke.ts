import type { LocalLambdaFunction } from '../functions/registry.js';
import type { LambdaContext } from './context.js';
import type { LocalFunctionHandler } from './handler.js';

export type { LocalFunctionHandler };

/** What the Node.js Lambda runtime reports when a handler throws (the invoke response body). */
export interface LambdaErrorDocument {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

export type InvocationOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: LambdaErrorDocument };

export interface LocalInvocation {
  readonly fn: LocalLambdaFunction;
  /** The event as Step Functions sends it (a parsed JSON value). */
  readonly event: unknown;
  readonly context: LambdaContext;
  /**
   * Aborts when the Task no longer waits for the result (its TimeoutSeconds passed, or the
   * execution stopped). In process a running handler cannot be stopped: it runs on, and its result
   * is dropped.
   */
  readonly signal?: AbortSignal;
  /** Sees the handler's own promise, so a shutdown can wait for handlers still running. */
  readonly track?: (running: Promise<unknown>) => void;
}

const TIMED_OUT = Symbol('timed out');
const ABANDONED = Symbol('abandoned');

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
 * Invokes a function as Lambda would: its current code (a changed file is loaded again), its
 * environment set, JSON in and out, a throw or a load failure turned into the runtime's error
 * document, and the function's own timeout enforced (`Sandbox.Timedout`). Every Lambda
 * invocation of the service goes through here, so another runner (e.g. isolated workers) can take
 * its place.
 */
export async function invokeLocalFunction(invocation: LocalInvocation): Promise<InvocationOutcome> {
  const { fn, context } = invocation;
  let handler: LocalFunctionHandler;
  try {
    handler = await fn.load();
  } catch (error) {
    const err = error as Error & { errorType?: string };
    return { ok: false, error: { errorType: err.errorType ?? 'Runtime.ImportModuleError', errorMessage: err.message, trace: [] } };
  }
  Object.assign(process.env, fn.config.environment);
  const running = (async () => handler(asLambdaEvent(invocation.event) as never, context))();
  invocation.track?.(running);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), fn.config.timeoutSeconds * 1000);
  });
  // Nobody waits for the result once the Task has timed out or the execution stopped: end the
  // invocation then, so it no longer counts as running (a virtual clock may jump again).
  const abandoned = new Promise<typeof ABANDONED>((resolve) => {
    onAbort = () => resolve(ABANDONED);
    if (invocation.signal?.aborted) onAbort();
    else invocation.signal?.addEventListener('abort', onAbort, { once: true });
  });
  let result: unknown;
  try {
    result = await Promise.race([running, timedOut, abandoned]);
  } catch (error) {
    return { ok: false, error: lambdaErrorDocument(error) };
  } finally {
    clearTimeout(timer);
    if (onAbort) invocation.signal?.removeEventListener('abort', onAbort);
  }
  if (result === ABANDONED) {
    running.catch(() => undefined);
    return {
      ok: false,
      error: { errorType: 'Runtime.Abandoned', errorMessage: 'The Task no longer waits for this invocation', trace: [] },
    };
  }
  if (result === TIMED_OUT) {
    running.catch(() => undefined); // it may still fail later; nobody waits for it any more
    const errorMessage = `RequestId: ${context.awsRequestId} Error: Task timed out after ${fn.config.timeoutSeconds.toFixed(2)} seconds`;
    return { ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage, trace: [] } };
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
