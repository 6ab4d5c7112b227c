/**
 * The messages between the runner and a sandbox (types only: the sandbox files import nothing but
 * types from their siblings, see sandbox-main.ts).
 */
import type { FunctionErrorDocument } from './types.js';

/** What a sandbox is started with (`workerData`): it marks the thread, so sandbox-main.ts runs only there. */
export interface SandboxBoot {
  readonly sizegateSandbox: true;
}

/** The function a booted sandbox loads. */
export interface SandboxSetup {
  readonly modulePath: string;
  readonly handlerName: string;
  readonly functionName: string;
  readonly memorySize: number;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

/** Makes a booted sandbox one function's: its `process.env`, then its module (the init phase). */
export interface LoadMessage {
  readonly type: 'load';
  readonly setup: SandboxSetup;
  readonly environment: Readonly<Record<string, string>>;
}

export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: string;
  /** The event as JSON text: the sandbox parses it, so the handler gets its own copy, as from Lambda. */
  readonly event: string;
  readonly invokedFunctionArn: string;
  /** Epoch ms at which the function times out: `getRemainingTimeInMillis()` counts down to it. */
  readonly deadlineMs: number;
}

export type SandboxMessage =
  /** The module is loaded: the end of the init phase. */
  | { readonly type: 'ready' }
  /** The module could not be loaded or its handler resolved; the sandbox exits after this. */
  | { readonly type: 'init-error'; readonly error: FunctionErrorDocument; readonly memoryUsedBytes: number }
  /** Output of the function (console, stdout, stderr), in order with the other messages. */
  | { readonly type: 'log'; readonly text: string }
  | {
      readonly type: 'done';
      readonly requestId: string;
      /** The result as Lambda serialises it, when the invocation succeeded. */
      readonly payload?: string;
      readonly error?: FunctionErrorDocument;
      /** The sandbox's peak heap + external memory so far, in bytes. */
      readonly memoryUsedBytes: number;
    }
  /** An uncaught exception or unhandled rejection: the invocation fails with it and the sandbox exits. */
  | { readonly type: 'fatal'; readonly requestId: string | undefined; readonly error: FunctionErrorDocument };
