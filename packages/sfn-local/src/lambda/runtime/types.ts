/**
 * The function runner's public shapes. `RunnableFunction` is structurally a `LocalLambdaFunction`
 * (../../functions/registry.ts) with two optional extras, so a registry's functions pass as they are.
 */
import type { LocalFunctionHandler } from '../invoke.js';

/** What Lambda knows of a function besides its code (the registry's `FunctionConfig`, plus reserved concurrency). */
export interface RunnableFunctionConfig {
  /** The function's own Lambda timeout; fractions are allowed locally (tests). */
  readonly timeoutSeconds: number;
  /** MB: the sandbox's heap limit and the context's `memoryLimitInMB`. */
  readonly memorySize: number;
  /** Set in the sandbox's `process.env`, over the runner's `environment`. */
  readonly environment: Readonly<Record<string, string>>;
  /** The template's `ReservedConcurrentExecutions`: caps this function's concurrency instead of the runner's default. */
  readonly reservedConcurrency?: number | undefined;
}

export interface RunnableFunction {
  readonly name: string;
  /** `arn:aws:lambda:<region>:<account>:function:<name>`: the region goes into `AWS_REGION`. */
  readonly arn: string;
  readonly config: RunnableFunctionConfig;
  /** The module file to load in the sandbox. Without it the function can only run in process (through `load`). */
  readonly path?: string | undefined;
  /** The export to call. @default 'handler' */
  readonly handlerName?: string | undefined;
  /** In-process mode (and functions without `path`): the handler to call now. */
  load?(): Promise<LocalFunctionHandler>;
}

/** The body Lambda returns for a failed invocation (what `X-Amz-Function-Error` accompanies). */
export interface FunctionErrorDocument {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

export type InvocationResult =
  | { readonly ok: true; readonly result: unknown; readonly logs: readonly string[] }
  | { readonly ok: false; readonly error: FunctionErrorDocument; readonly logs: readonly string[] };

export interface InvokeOptions {
  /** The caller stops waiting when it aborts (a Task state's timeout, a stopped execution); see `onAbort`. */
  readonly signal?: AbortSignal | undefined;
  /** @default a random UUID */
  readonly requestId?: string | undefined;
  /** The ARN the caller named (a qualified one when it gave a qualifier). @default fn.arn */
  readonly invokedFunctionArn?: string | undefined;
}

/** Receives every log line of every function as it is written, START/END/REPORT included. */
export type LogSink = (functionName: string, line: string) => void;

export interface FunctionRunnerOptions {
  /**
   * `isolated`: each function runs in its own worker threads (a warm pool per function).
   * `in-process`: handlers run in the caller's thread, for debugging; nothing is isolated (see the docs).
   */
  readonly mode: 'isolated' | 'in-process';
  /** Concurrent invocations of one function when it has no `reservedConcurrency`. @default 10 */
  readonly maxConcurrencyPerFunction?: number | undefined;
  /**
   * An invocation beyond the cap: `queue` waits for a free sandbox (the default: no spurious
   * throttles on a laptop); `throttle` rejects with `TooManyRequestsException`, as Lambda does.
   */
  readonly whenBusy?: 'queue' | 'throttle' | undefined;
  /**
   * When `signal` aborts: `keep-running` (AWS: the function runs on to its own timeout, the caller
   * just stops waiting) or `stop` (the sandbox is terminated at once).
   * @default 'keep-running'
   */
  readonly onAbort?: 'keep-running' | 'stop' | undefined;
  /**
   * After a cold start, boot one spare sandbox per memory size in the background, so the next cold
   * start of a function with that memory size skips the thread's boot (~40 ms). @default true
   */
  readonly spareSandboxes?: boolean | undefined;
  /** An idle sandbox (or spare) is stopped after this long. @default 60_000 */
  readonly idleTimeoutMs?: number | undefined;
  /** Set in every sandbox's `process.env` under the function's own `environment` (endpoint, credentials). */
  readonly environment?: Readonly<Record<string, string>> | undefined;
  readonly logSink?: LogSink | undefined;
}

export interface FunctionStats {
  readonly name: string;
  /** Sandboxes waiting for work. */
  readonly idle: number;
  /** Sandboxes running (or starting for) an invocation. */
  readonly busy: number;
  /** Invocations waiting for a free sandbox. */
  readonly queued: number;
  readonly coldStarts: number;
  readonly invocations: number;
}

export interface FunctionRunner {
  invoke(fn: RunnableFunction, event: unknown, options?: InvokeOptions): Promise<InvocationResult>;
  stats(): readonly FunctionStats[];
  /** Stops every sandbox; pending and later invocations reject with `FunctionRunnerClosedError`. */
  close(): Promise<void>;
}
