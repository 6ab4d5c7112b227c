/**
 * One execution environment of a function: a worker thread running sandbox-main with a heap limit
 * from the function's MemorySize, then the function's environment and module. The runner side of
 * the protocol: init, one invocation at a time, the function's output split into lines, and how
 * it ended.
 */
import { randomBytes } from 'node:crypto';
import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { InvokeMessage, LoadMessage, SandboxMessage, SandboxSetup } from './protocol.js';
import type { FunctionErrorDocument } from './types.js';

/** sandbox-main with this module's own extension: `.ts` when running from `src/` (tests), `.js` from `dist/`. */
const SANDBOX_MAIN = new URL(`./sandbox-main${extname(new URL(import.meta.url).pathname)}`, import.meta.url);

/** The Lambda Node.js bootstrap gives V8's old space 90 % of the function's memory. */
export const heapLimitMb = (memorySize: number): number => Math.max(16, Math.floor((memorySize * 90) / 100));

/** What a booted sandbox is given to become one function's execution environment. */
export interface SandboxSpec {
  readonly functionName: string;
  readonly modulePath: string;
  readonly handlerName: string;
  /** The complete `process.env` of the function. */
  readonly environment: Readonly<Record<string, string>>;
  /** Identifies the code and configuration loaded; a pool reuses the sandbox only for the same. */
  readonly version: string;
  /** See `logStreamName()`; also in the environment as AWS_LAMBDA_LOG_STREAM_NAME. */
  readonly logStreamName: string;
  /** Each complete line the function writes, as it arrives. */
  readonly onLine: (line: string, sandbox: Sandbox) => void;
  /** The sandbox ended (for any reason, at any time). */
  readonly onExit: (sandbox: Sandbox) => void;
}

export type SandboxEnd =
  | { readonly kind: 'done'; readonly payload?: string | undefined; readonly error?: FunctionErrorDocument | undefined }
  | { readonly kind: 'fatal'; readonly error: FunctionErrorDocument }
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'out-of-memory' };

/** The init phase failed: the module could not load, or the sandbox died or ran out of memory while loading it. */
export class SandboxInitError extends Error {
  override readonly name = 'SandboxInitError';
  readonly end: { readonly kind: 'init-error'; readonly error: FunctionErrorDocument } | SandboxEnd;
  constructor(end: SandboxInitError['end']) {
    super(`The function's init phase failed (${end.kind})`);
    this.end = end;
  }
}

/** `YYYY/MM/DD/[$LATEST]<32 hex>`: one log stream per execution environment, as in CloudWatch. */
export function logStreamName(now: Date = new Date()): string {
  return `${now.toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/**
 * Booted with a heap limit (MemorySize), the thread then loads one function (`load`): started
 * ahead of need, a booted sandbox is a spare any function of that memory size can take.
 */
export class Sandbox {
  readonly memorySize: number;
  version: string | undefined;
  logStreamName = '';
  /** Resolves when the function's module is loaded; rejects with SandboxInitError. */
  readonly ready: Promise<void>;
  initDurationMs: number | undefined;
  /** Peak heap + external memory reported by the sandbox, in bytes. */
  memoryUsedBytes = 0;
  private readonly worker: Worker;
  private onLine: SandboxSpec['onLine'] = () => undefined;
  private onExit: SandboxSpec['onExit'];
  private loadStarted = 0;
  private partial = '';
  private outOfMemory = false;
  private exitCode: number | undefined;
  private running: ((end: SandboxEnd) => void) | undefined;
  private settleReady: { resolve: () => void; reject: (error: SandboxInitError) => void } | undefined;

  constructor(memorySize: number, onExit: (sandbox: Sandbox) => void) {
    this.memorySize = memorySize;
    this.onExit = onExit;
    this.ready = new Promise((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    this.ready.catch(() => undefined);
    this.worker = new Worker(SANDBOX_MAIN, {
      workerData: { sizegateSandbox: true },
      // The function's environment is set when it loads: nothing of the runtime's own.
      env: {},
      resourceLimits: { maxOldGenerationSizeMb: heapLimitMb(memorySize) },
      // Nothing the function writes may reach the runtime's own stdout (it carries the CLI's ready line).
      stdout: true,
      stderr: true,
      name: 'lambda-sandbox',
    });
    this.worker.stdout.on('data', (chunk: Buffer) => this.text(chunk.toString()));
    this.worker.stderr.on('data', (chunk: Buffer) => this.text(chunk.toString()));
    this.worker.on('message', (message: SandboxMessage) => this.message(message));
    this.worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.outOfMemory = true;
    });
    this.worker.on('exit', (code) => this.exited(code));
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** The init phase: the function's environment and module. Init Duration counts from here (or from the boot, if later). */
  load(spec: SandboxSpec): void {
    this.version = spec.version;
    this.logStreamName = spec.logStreamName;
    this.onLine = spec.onLine;
    this.onExit = spec.onExit;
    this.loadStarted = performance.now();
    this.worker.ref();
    const setup: SandboxSetup = {
      modulePath: spec.modulePath,
      handlerName: spec.handlerName,
      functionName: spec.functionName,
      memorySize: this.memorySize,
      logGroupName: `/aws/lambda/${spec.functionName}`,
      logStreamName: spec.logStreamName,
    };
    this.worker.postMessage({ type: 'load', setup, environment: spec.environment } satisfies LoadMessage);
  }

  /** Runs one invocation; resolves with how it ended (never rejects). */
  invoke(message: InvokeMessage): Promise<SandboxEnd> {
    if (!this.alive) return Promise.resolve({ kind: 'exit', code: this.exitCode ?? 0 });
    this.worker.ref();
    return new Promise((resolve) => {
      this.running = (end) => {
        this.running = undefined;
        resolve(end);
      };
      this.worker.postMessage(message);
    });
  }

  /**
   * Samples the sandbox's heap + external memory (Buffers, ArrayBuffers: outside the V8 heap limit)
   * every `intervalMs` while an invocation runs, even through a busy loop (the statistics are taken
   * on an interrupt). Keeps the peak for Max Memory Used; past MemorySize the sandbox is stopped
   * and the invocation ends as out of memory, as Lambda kills an environment over its memory.
   * Returns the function that stops the sampling.
   */
  watchMemory(intervalMs: number): () => void {
    const sample = (this.worker as { getHeapStatistics?: () => Promise<{ total_heap_size: number; external_memory: number }> })
      .getHeapStatistics;
    if (typeof sample !== 'function') return () => undefined;
    const limit = this.memorySize * 1024 * 1024;
    const timer = setInterval(() => {
      sample.call(this.worker).then(
        ({ total_heap_size: heap, external_memory: external }) => {
          this.memoryUsedBytes = Math.max(this.memoryUsedBytes, heap + external);
          if (heap + external > limit && this.alive) {
            this.outOfMemory = true;
            void this.worker.terminate();
          }
        },
        () => undefined,
      );
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Idle sandboxes do not keep the runtime's process alive. */
  idle(): void {
    this.worker.unref();
  }

  /** Stops the thread, even in the middle of `while (true) {}`. */
  async terminate(): Promise<void> {
    if (this.alive) await this.worker.terminate();
  }

  private message(message: SandboxMessage): void {
    switch (message.type) {
      case 'log':
        this.text(message.text);
        break;
      case 'ready':
        this.initDurationMs = performance.now() - this.loadStarted;
        this.settleReady?.resolve();
        break;
      case 'init-error':
        this.memoryUsedBytes = message.memoryUsedBytes;
        this.settleReady?.reject(new SandboxInitError({ kind: 'init-error', error: message.error }));
        break;
      case 'done':
        this.memoryUsedBytes = Math.max(this.memoryUsedBytes, message.memoryUsedBytes);
        this.running?.({ kind: 'done', payload: message.payload, error: message.error });
        break;
      case 'fatal':
        this.running?.({ kind: 'fatal', error: message.error });
        break;
    }
  }

  private text(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(line, this);
  }

  private exited(code: number): void {
    this.exitCode = code;
    if (this.partial) this.onLine(this.partial, this);
    this.partial = '';
    const end: SandboxEnd = this.outOfMemory ? { kind: 'out-of-memory' } : { kind: 'exit', code };
    this.settleReady?.reject(new SandboxInitError(end));
    this.running?.(end);
    this.onExit(this);
  }
}
