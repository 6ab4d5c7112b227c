/**
 * A function run in the runtime's own thread (`--in-process`, and functions given as a JS function
 * with no module file): the same calling rules, logs and error documents as in a sandbox, but
 * nothing is isolated. The function's `environment` is written into this process's env before its
 * module loads; its timeout only stops the waiting (the handler keeps running); memory is not
 * limited; an endless loop stalls the runtime; an uncaught exception reaches the runtime's own
 * handlers. Console calls made during an invocation become its log lines (AsyncLocalStorage).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ConcurrencyLimiter } from './concurrency.js';
import { FunctionRunnerClosedError, timedOut } from './errors.js';
import type { FunctionHostOptions, InvocationRequest } from './isolated.js';
import { InvocationLog, startLine } from './log-lines.js';
import { CONSOLE_LEVELS, formatLogLine, type HandlerOutcome, invokeHandler, loadHandler, toErrorDocument } from './sandbox-handler.js';
import { toMB, versionOf, withTimeout } from './support.js';
import type { FunctionStats, InvocationResult } from './types.js';
import type { LocalFunctionHandler } from '../invoke.js';

interface ConsoleTarget {
  /** Undefined in the init phase, as the runtime logs it then. */
  readonly requestId: string | undefined;
  write(line: string): void;
}

const consoleTarget = new AsyncLocalStorage<ConsoleTarget>();
let consoleUsers = 0;
let originalConsole: Record<string, (...args: unknown[]) => void> | undefined;

/** Routes console calls made inside an invocation to its log, and leaves all others alone. */
function captureConsole(): () => void {
  const target = console as unknown as Record<string, (...args: unknown[]) => void>;
  if (consoleUsers++ === 0) {
    originalConsole = {};
    for (const [method, level] of Object.entries(CONSOLE_LEVELS)) {
      const original = target[method];
      if (!original) continue;
      originalConsole[method] = original;
      target[method] = (...args: unknown[]) => {
        const invocation = consoleTarget.getStore();
        if (!invocation) return original.apply(console, args);
        invocation.write(formatLogLine(level, invocation.requestId, args).slice(0, -1));
      };
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--consoleUsers === 0 && originalConsole) Object.assign(target, originalConsole);
  };
}

export class InProcessFunction {
  private readonly name: string;
  private readonly options: FunctionHostOptions;
  private readonly limiter: ConcurrencyLimiter;
  private readonly releaseConsole = captureConsole();
  private loaded: { readonly version: string; readonly handler: LocalFunctionHandler } | undefined;
  private coldStarts = 0;
  private invocations = 0;
  private closed = false;

  constructor(name: string, options: FunctionHostOptions) {
    this.name = name;
    this.options = options;
    this.limiter = new ConcurrencyLimiter(name);
  }

  async invoke(request: InvocationRequest): Promise<InvocationResult> {
    const limit = request.fn.config.reservedConcurrency ?? this.options.maxConcurrency;
    const release = await this.limiter.acquire(limit, this.options.whenBusy, request.signal);
    try {
      return await this.run(request);
    } finally {
      release();
    }
  }

  stats(): FunctionStats {
    const idle = this.loaded ? 1 : 0;
    return {
      name: this.name,
      idle,
      busy: this.limiter.running,
      queued: this.limiter.queued,
      coldStarts: this.coldStarts,
      invocations: this.invocations,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.limiter.close();
    this.releaseConsole();
  }

  private async run(request: InvocationRequest): Promise<InvocationResult> {
    const { fn, requestId } = request;
    const log = new InvocationLog(fn.name, this.options.logSink);
    const report = { requestId, memorySize: fn.config.memorySize };
    const target: ConsoleTarget = {
      requestId,
      write: (line) => {
        this.options.logSink?.(fn.name, line);
        log.captured(line);
      },
    };
    this.invocations++;
    let initDurationMs: number | undefined;
    const version = await versionOf(fn);
    if (this.loaded?.version !== version) {
      this.coldStarts++;
      const started = performance.now();
      try {
        const initTarget = { ...target, requestId: undefined };
        this.loaded = { version, handler: await consoleTarget.run(initTarget, () => this.load(request)) };
      } catch (error) {
        this.loaded = undefined;
        const document = toErrorDocument(error);
        log.write(startLine(requestId));
        log.finish({ ...report, durationMs: 0, maxMemoryUsedMB: rssMB(), status: { kind: 'error', errorType: document.errorType } });
        return { ok: false, error: document, logs: log.lines };
      }
      initDurationMs = performance.now() - started;
    }
    log.write(startLine(requestId));
    const started = performance.now();
    const timeoutMs = fn.config.timeoutSeconds * 1000;
    const outcome = await withTimeout(this.call(this.loaded.handler, request, target, Date.now() + timeoutMs), timeoutMs);
    if (this.closed) throw new FunctionRunnerClosedError(fn.name);
    const status = outcome === 'timeout' ? ({ kind: 'timeout' } as const) : undefined;
    log.finish({ ...report, durationMs: performance.now() - started, initDurationMs, maxMemoryUsedMB: rssMB(), status });
    if (outcome === 'timeout') return { ok: false, error: timedOut(requestId, fn.config.timeoutSeconds), logs: log.lines };
    if ('payload' in outcome) return { ok: true, result: JSON.parse(outcome.payload) as unknown, logs: log.lines };
    return { ok: false, error: outcome.error, logs: log.lines };
  }

  private async load({ fn }: InvocationRequest): Promise<LocalFunctionHandler> {
    Object.assign(process.env, fn.config.environment);
    if (fn.load) return fn.load();
    if (fn.path === undefined) throw new TypeError(`Function "${fn.name}" has neither a module path nor load()`);
    return loadHandler(fn.path, fn.handlerName ?? 'handler', await versionOf(fn));
  }

  private call(
    handler: LocalFunctionHandler,
    request: InvocationRequest,
    target: ConsoleTarget,
    deadlineMs: number,
  ): Promise<HandlerOutcome> {
    const { fn } = request;
    return new Promise((resolve) => {
      consoleTarget.run(target, () =>
        invokeHandler(handler, request.event, {
          requestId: request.requestId,
          invokedFunctionArn: request.invokedFunctionArn,
          deadlineMs,
          functionName: fn.name,
          memorySize: fn.config.memorySize,
          logGroupName: `/aws/lambda/${fn.name}`,
          logStreamName: `in-process/[$LATEST]${fn.name}`,
          logError: (...args) => console.error(...args),
          // The runtime's event loop never empties: a callback answer is taken at once, and a handler
          // that never answers runs into its timeout.
          onEmptyEventLoop: (listener, reason) => {
            if (listener && reason === 'callback') setImmediate(listener);
          },
          complete: resolve,
        }),
      );
    });
  }
}

const rssMB = (): number => toMB(process.memoryUsage().rss);
