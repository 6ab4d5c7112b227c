/**
 * One function run in sandboxes: concurrency, the warm pool, cold starts, the function's own
 * timeout, and how a sandbox's end becomes the invocation's result and its REPORT line.
 */
import { basename, dirname, extname } from 'node:path';
import { ConcurrencyLimiter } from './concurrency.js';
import { FunctionRunnerClosedError, outOfMemory, runtimeExited, timedOut } from './errors.js';
import { InvocationLog, type ReportFields, startLine } from './log-lines.js';
import { logStreamName, Sandbox, type SandboxEnd, type SandboxInitError } from './sandbox.js';
import type { FunctionErrorDocument, FunctionStats, InvocationResult, RunnableFunction } from './types.js';
import type { SparePool } from './spares.js';
import { toMB, versionOf, withTimeout } from './support.js';
import { WarmPool } from './warm-pool.js';

/** Lambda's limit for the init phase of an on-demand function. */
export const INIT_TIMEOUT_MS = 10_000;
/** How often a running sandbox's memory is sampled (Max Memory Used, and MemorySize beyond the heap). */
export const MEMORY_SAMPLE_MS = 100;

export interface FunctionHostOptions {
  readonly maxConcurrency: number;
  readonly whenBusy: 'queue' | 'throttle';
  readonly onAbort: 'keep-running' | 'stop';
  readonly idleTimeoutMs: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly logSink: ((functionName: string, line: string) => void) | undefined;
  /** Booted sandboxes to take on a cold start (runner-wide); none when spares are off. */
  readonly spares: SparePool | undefined;
}

export interface InvocationRequest {
  readonly fn: RunnableFunction;
  /** The event as JSON text. */
  readonly event: string;
  readonly requestId: string;
  readonly invokedFunctionArn: string;
  readonly signal: AbortSignal | undefined;
}

type Outcome = { readonly payload: string } | { readonly error: FunctionErrorDocument };

/** The environment Lambda sets for every function, over the function's own (which may not override them). */
export function lambdaEnvironment(fn: RunnableFunction, logStream: string): Record<string, string> {
  const region = fn.arn.split(':')[3] || 'us-east-1';
  const handlerName = fn.handlerName ?? 'handler';
  const environment: Record<string, string> = {
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.config.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStream,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  };
  if (fn.path !== undefined) {
    environment['LAMBDA_TASK_ROOT'] = dirname(fn.path);
    environment['_HANDLER'] = `${basename(fn.path, extname(fn.path))}.${handlerName}`;
  }
  return environment;
}

export class IsolatedFunction {
  private readonly name: string;
  private readonly options: FunctionHostOptions;
  private readonly limiter: ConcurrencyLimiter;
  private readonly warm: WarmPool;
  private readonly sandboxes = new Set<Sandbox>();
  /** Where each sandbox's output goes: the log of the invocation it is running. */
  private readonly logs = new WeakMap<Sandbox, InvocationLog>();
  private coldStarts = 0;
  private invocations = 0;
  private closed = false;

  constructor(name: string, options: FunctionHostOptions) {
    this.name = name;
    this.options = options;
    this.limiter = new ConcurrencyLimiter(name);
    this.warm = new WarmPool(options.idleTimeoutMs);
  }

  async invoke(request: InvocationRequest): Promise<InvocationResult> {
    const { fn, signal } = request;
    const limit = fn.config.reservedConcurrency ?? this.options.maxConcurrency;
    const release = await this.limiter.acquire(limit, this.options.whenBusy, signal);
    try {
      return await this.run(request);
    } finally {
      release();
    }
  }

  stats(): FunctionStats {
    return {
      name: this.name,
      idle: this.warm.size,
      busy: this.limiter.running,
      queued: this.limiter.queued,
      coldStarts: this.coldStarts,
      invocations: this.invocations,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.limiter.close();
    await this.warm.close();
    await Promise.all([...this.sandboxes].map((sandbox) => sandbox.terminate()));
  }

  private async run(request: InvocationRequest): Promise<InvocationResult> {
    const { fn, requestId } = request;
    const log = new InvocationLog(fn.name, this.options.logSink);
    const version = await versionOf(fn);
    if (this.closed) throw new FunctionRunnerClosedError(fn.name);
    let sandbox = this.warm.take(version);
    const cold = sandbox === undefined;
    sandbox ??= this.start(fn, version);
    this.invocations++;
    this.logs.set(sandbox, log);
    const stop = () => {
      if (this.options.onAbort === 'stop') void sandbox.terminate();
    };
    request.signal?.addEventListener('abort', stop, { once: true });
    let reusable = false;
    try {
      const timeoutMs = fn.config.timeoutSeconds * 1000;
      const report = { requestId, memorySize: fn.config.memorySize };
      let started = performance.now();
      if (cold) {
        const init = await this.init(sandbox, requestId, fn.config.timeoutSeconds);
        this.options.spares?.replenish(fn.config.memorySize);
        if (init) {
          log.write(startLine(requestId));
          log.finish({
            ...report,
            durationMs: performance.now() - started,
            maxMemoryUsedMB: toMB(sandbox.memoryUsedBytes),
            status: init.status,
          });
          return { ok: false, error: init.error, logs: log.lines };
        }
      }
      log.write(startLine(requestId));
      started = performance.now();
      const message = {
        type: 'invoke' as const,
        requestId,
        event: request.event,
        invokedFunctionArn: request.invokedFunctionArn,
        deadlineMs: Date.now() + timeoutMs,
      };
      const stopWatching = sandbox.watchMemory(MEMORY_SAMPLE_MS);
      const end = await withTimeout(sandbox.invoke(message), timeoutMs).finally(stopWatching);
      if (end === 'timeout') await sandbox.terminate();
      const durationMs = performance.now() - started;
      if (this.closed) throw new FunctionRunnerClosedError(fn.name);
      // Only a sandbox whose function answered is reused: after a crash or a timeout Lambda starts afresh.
      reusable = end !== 'timeout' && end.kind === 'done';
      const { outcome, status } = settle(end, requestId, fn.config.timeoutSeconds);
      const maxMemoryUsedMB = end !== 'timeout' && end.kind === 'out-of-memory' ? fn.config.memorySize : toMB(sandbox.memoryUsedBytes);
      const fields: ReportFields = {
        ...report,
        durationMs,
        initDurationMs: cold ? sandbox.initDurationMs : undefined,
        maxMemoryUsedMB,
        status,
      };
      log.finish(fields);
      if ('payload' in outcome) return { ok: true, result: JSON.parse(outcome.payload) as unknown, logs: log.lines };
      return { ok: false, error: outcome.error, logs: log.lines };
    } finally {
      request.signal?.removeEventListener('abort', stop);
      this.logs.delete(sandbox);
      if (reusable && sandbox.alive && !this.closed && !(request.signal?.aborted && this.options.onAbort === 'stop'))
        this.warm.put(sandbox);
      else void sandbox.terminate();
    }
  }

  /** The init phase of a cold sandbox; on failure, the invocation's error and REPORT status. */
  private async init(sandbox: Sandbox, requestId: string, timeoutSeconds: number) {
    try {
      if ((await withTimeout(sandbox.ready, INIT_TIMEOUT_MS)) !== 'timeout') return undefined;
      await sandbox.terminate();
      return { error: timedOut(requestId, timeoutSeconds), status: { kind: 'timeout' } as const };
    } catch (error) {
      if (this.closed) throw new FunctionRunnerClosedError(this.name);
      const end = (error as SandboxInitError).end;
      if (end.kind === 'init-error') return { error: end.error, status: { kind: 'error', errorType: end.error.errorType } as const };
      const { outcome, status } = settle(end, requestId, timeoutSeconds);
      return { error: 'error' in outcome ? outcome.error : runtimeExited(requestId, { code: 0 }), status };
    }
  }

  private start(fn: RunnableFunction, version: string): Sandbox {
    if (fn.path === undefined) throw new TypeError(`Function "${fn.name}" has no module path: it can only run in process`);
    this.coldStarts++;
    const logStream = logStreamName();
    const onExit = (exited: Sandbox) => {
      this.sandboxes.delete(exited);
      this.warm.drop(exited);
    };
    const sandbox = this.options.spares?.take(fn.config.memorySize) ?? new Sandbox(fn.config.memorySize, onExit);
    sandbox.load({
      functionName: fn.name,
      modulePath: fn.path,
      handlerName: fn.handlerName ?? 'handler',
      environment: { ...this.options.environment, ...fn.config.environment, ...lambdaEnvironment(fn, logStream) },
      version,
      logStreamName: logStream,
      onLine: (line, from) => {
        this.options.logSink?.(fn.name, line);
        this.logs.get(from)?.captured(line);
      },
      onExit,
    });
    this.sandboxes.add(sandbox);
    return sandbox;
  }
}

/** How a sandbox's end answers the invocation, and what the REPORT line says about it. */
function settle(
  end: SandboxEnd | 'timeout',
  requestId: string,
  timeoutSeconds: number,
): { outcome: Outcome; status: ReportFields['status'] } {
  if (end === 'timeout') return { outcome: { error: timedOut(requestId, timeoutSeconds) }, status: { kind: 'timeout' } };
  switch (end.kind) {
    case 'done':
      return {
        outcome: end.payload !== undefined ? { payload: end.payload } : { error: end.error ?? runtimeExited(requestId, { code: 0 }) },
        status: undefined,
      };
    case 'fatal':
      return { outcome: { error: end.error }, status: undefined };
    case 'out-of-memory':
      return { outcome: { error: outOfMemory(requestId) }, status: { kind: 'error', errorType: 'Runtime.OutOfMemory' } };
    case 'exit':
      return {
        outcome: { error: runtimeExited(requestId, { code: end.code }) },
        status: { kind: 'error', errorType: 'Runtime.ExitError' },
      };
  }
}
