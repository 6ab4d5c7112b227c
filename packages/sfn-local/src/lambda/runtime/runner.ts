/**
 * `createFunctionRunner`: runs Lambda functions the way Lambda runs them — each function in its own
 * warm pool of sandboxes (worker threads), or in process for debugging. See docs/function-runner.md.
 */
import { randomUUID } from 'node:crypto';
import { FunctionRunnerClosedError } from './errors.js';
import { InProcessFunction } from './in-process.js';
import { type FunctionHostOptions, IsolatedFunction } from './isolated.js';
import { SparePool } from './spares.js';
import type { FunctionRunner, FunctionRunnerOptions, FunctionStats, InvocationResult, InvokeOptions, RunnableFunction } from './types.js';

export const DEFAULT_MAX_CONCURRENCY = 10;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

type FunctionHost = IsolatedFunction | InProcessFunction;

export function createFunctionRunner(options: FunctionRunnerOptions): FunctionRunner {
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const spares = options.mode === 'isolated' && options.spareSandboxes !== false ? new SparePool(idleTimeoutMs) : undefined;
  const hostOptions: FunctionHostOptions = {
    maxConcurrency: options.maxConcurrencyPerFunction ?? DEFAULT_MAX_CONCURRENCY,
    whenBusy: options.whenBusy ?? 'queue',
    onAbort: options.onAbort ?? 'keep-running',
    idleTimeoutMs,
    environment: options.environment ?? {},
    logSink: options.logSink,
    spares,
  };
  const hosts = new Map<string, FunctionHost>();
  let closed = false;

  /** A function given as a JS function value has no file a sandbox could load: it runs in process. */
  const hostFor = (fn: RunnableFunction): FunctionHost => {
    const isolated = options.mode === 'isolated' && fn.path !== undefined;
    const key = `${isolated ? 'isolated' : 'in-process'}:${fn.name}`;
    let host = hosts.get(key);
    if (!host) {
      host = isolated ? new IsolatedFunction(fn.name, hostOptions) : new InProcessFunction(fn.name, hostOptions);
      hosts.set(key, host);
    }
    return host;
  };

  return {
    async invoke(fn: RunnableFunction, event: unknown, invokeOptions: InvokeOptions = {}): Promise<InvocationResult> {
      if (closed) throw new FunctionRunnerClosedError(fn.name);
      const { signal } = invokeOptions;
      signal?.throwIfAborted();
      const running = hostFor(fn).invoke({
        fn,
        // Lambda hands the handler a parsed copy of the JSON it was sent; no payload is `{}`.
        event: JSON.stringify(event === undefined ? {} : event),
        requestId: invokeOptions.requestId ?? randomUUID(),
        invokedFunctionArn: invokeOptions.invokedFunctionArn ?? fn.arn,
        signal,
      });
      return untilAborted(running, signal);
    },
    stats(): readonly FunctionStats[] {
      return [...hosts.values()].map((host) => host.stats());
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all([...[...hosts.values()].map((host) => host.close()), spares?.close()]);
    },
  };
}

/**
 * The caller stops waiting when its signal aborts; the invocation itself goes on (or is stopped,
 * per `onAbort`) and settles in the background.
 */
function untilAborted<T>(running: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return running;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    running.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
