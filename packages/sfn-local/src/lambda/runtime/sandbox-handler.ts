/**
 * How the Node.js Lambda runtime (aws-lambda-nodejs-runtime-interface-client, the code behind the
 * managed nodejs22.x runtime) calls a handler, copied rule by rule: the error document, the log
 * line format, result serialisation, the callback/context.done/succeed/fail semantics and the
 * module loading errors. Runs inside a sandbox (sandbox-main.ts) and in process (in-process.ts).
 *
 * Self-contained on purpose: node built-ins and type-only imports, because a sandbox may load this
 * file from `src/` under Node's type stripping, which does not map `./x.js` to `./x.ts`.
 */
import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format, types } from 'node:util';
import type { LocalFunctionHandler } from '../invoke.js';
import type { FunctionErrorDocument } from './types.js';

/** `Runtime.<Name>` errors of the runtime itself (its Errors.js sets the prototype name this way). */
export function runtimeError(name: string, message: string): Error {
  class RuntimeError extends Error {}
  RuntimeError.prototype.name = `Runtime.${name}`;
  return new RuntimeError(message);
}

function isErrorLike(value: unknown): value is Error {
  const e = value as Error | undefined;
  return typeof e?.name === 'string' && typeof e.message === 'string' && typeof e.stack === 'string' && !!e.name && !!e.message;
}

/** The invoke response body for a failed invocation (the runtime's `toRapidResponse`). */
export function toErrorDocument(error: unknown): FunctionErrorDocument {
  try {
    if (types.isNativeError(error) || isErrorLike(error)) {
      return {
        errorType: error.name.replaceAll('\x7F', '%7F'),
        errorMessage: error.message.replaceAll('\x7F', '%7F'),
        trace: (error.stack ?? '').replaceAll('\x7F', '%7F').split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

/** An error as the runtime logs it after "Invoke Error" / "Uncaught Exception": a tab, then JSON. */
export function formatErrorForLog(error: unknown): string {
  const withProperties = (_key: string, value: unknown) => {
    if (!(value instanceof Error)) return value;
    const copy: Record<string, unknown> = { errorType: value.name, errorMessage: value.message, code: (value as { code?: unknown }).code };
    Object.assign(copy, value);
    if (typeof value.stack === 'string') copy['stack'] = value.stack.split('\n');
    return copy;
  };
  try {
    return `\t${JSON.stringify(error, withProperties)}`;
  } catch {
    return `\t${JSON.stringify(toErrorDocument(error))}`;
  }
}

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** One console call as the runtime writes it (text format): `<ISO time>\t<requestId>\t<LEVEL>\t<message>`, newlines as \r. */
export function formatLogLine(level: LogLevel, requestId: string | undefined, args: readonly unknown[]): string {
  const [message, ...params] = args;
  const line = `${new Date().toISOString()}\t${requestId}\t${level}\t${format(message, ...params)}`;
  return `${line.replace(/\n/g, '\r')}\n`;
}

/** The console methods the runtime replaces, with the level each logs at. */
export const CONSOLE_LEVELS: Readonly<Record<string, LogLevel>> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  log: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'FATAL',
};

/** The result as the runtime sends it: JSON, undefined as null. */
export function serializeResult(result: unknown): string {
  try {
    return JSON.stringify(result === undefined ? null : result);
  } catch {
    throw new Error('Unable to stringify response body');
  }
}

/**
 * Imports the module (ESM or CommonJS, as Node decides from the file) and resolves the export,
 * failing with the runtime's init errors.
 */
export async function loadHandler(modulePath: string, handlerName: string, version?: string): Promise<LocalFunctionHandler> {
  const moduleName = basename(modulePath, extname(modulePath));
  const handlerString = `${moduleName}.${handlerName}`;
  // The runtime looks for the file first and reports a missing one as require() would.
  if (!existsSync(modulePath)) throw runtimeError('ImportModuleError', `Error: Cannot find module '${moduleName}'`);
  let loaded: Record<string, unknown>;
  try {
    const url = pathToFileURL(modulePath);
    if (version !== undefined) url.search = `v=${encodeURIComponent(version)}`;
    loaded = (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SyntaxError) throw runtimeError('UserCodeSyntaxError', String(error));
    // A CommonJS require() of a missing module; an ES module's missing import (ERR_MODULE_NOT_FOUND)
    // stays the error it is, as in the runtime.
    if ((error as { code?: unknown } | undefined)?.code === 'MODULE_NOT_FOUND') throw runtimeError('ImportModuleError', String(error));
    throw error;
  }
  const fromDefault = (loaded['default'] as Record<string, unknown> | undefined)?.[handlerName];
  const handler =
    handlerName.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], loaded) ?? fromDefault;
  if (!handler) throw runtimeError('HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof handler !== 'function') throw runtimeError('HandlerNotFound', `${handlerString} is not a function`);
  return handler as LocalFunctionHandler;
}

export type HandlerOutcome = { readonly payload: string } | { readonly error: FunctionErrorDocument };

/** What the host (a sandbox thread or the in-process runner) provides to one invocation. */
export interface InvocationHost {
  readonly requestId: string;
  readonly invokedFunctionArn: string;
  readonly deadlineMs: number;
  readonly functionName: string;
  readonly memorySize: number;
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Logs as `console.error` does inside the runtime. */
  logError(...args: unknown[]): void;
  /**
   * Runs `listener` when the event loop has nothing left to do (`undefined` clears it): `callback`
   * for a callback answer waiting for the loop, `no-answer` for a handler that never answers.
   */
  onEmptyEventLoop(listener: (() => void) | undefined, reason?: 'callback' | 'no-answer'): void;
  complete(outcome: HandlerOutcome): void;
}

/**
 * Calls the handler as the runtime's Runtime.handleOnce + CallbackContext do: a returned promise
 * settles the invocation; otherwise `callback(err, result)` (which, while
 * `callbackWaitsForEmptyEventLoop` is true, answers only once the event loop is empty) or
 * `context.done/succeed/fail`; a handler that does none of these answers null when the loop
 * empties (an async one fails with Runtime.NodeJsExit).
 */
export function invokeHandler(handler: LocalFunctionHandler, eventJson: string, host: InvocationHost): void {
  let completed = false;
  const complete = (result: unknown) => {
    if (completed)
      return host.logError('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
    completed = true;
    try {
      host.complete({ payload: serializeResult(result) });
    } catch (error) {
      postError(error);
    }
  };
  const postError = (error: unknown) => {
    completed = true;
    host.logError('Invoke Error', formatErrorForLog(error));
    host.complete({ error: toErrorDocument(error) });
  };

  let waitForEmptyEventLoop = true;
  let finished = false;
  const once =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      if (finished) return;
      fn(...args);
      finished = true;
    };
  const done = once((error?: unknown, result?: unknown) => {
    host.onEmptyEventLoop(undefined);
    if (error !== undefined && error !== null) postError(error);
    else complete(result);
  });
  const callback = once((error?: unknown, result?: unknown) => {
    host.onEmptyEventLoop(undefined);
    if (error !== undefined && error !== null) postError(error);
    else if (!waitForEmptyEventLoop) complete(result);
    else host.onEmptyEventLoop(() => setImmediate(() => complete(result)), 'callback');
  });
  const succeed = (result?: unknown) => done(null, result);
  const fail = (error?: unknown) => done(error === undefined || error === null ? 'handled' : error, null);

  const context = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value: boolean) {
      waitForEmptyEventLoop = value;
    },
    succeed,
    fail,
    done,
    functionVersion: '$LATEST',
    functionName: host.functionName,
    memoryLimitInMB: String(host.memorySize),
    logGroupName: host.logGroupName,
    logStreamName: host.logStreamName,
    clientContext: undefined,
    identity: undefined,
    invokedFunctionArn: host.invokedFunctionArn,
    awsRequestId: host.requestId,
    getRemainingTimeInMillis: () => host.deadlineMs - Date.now(),
  };

  const isAsync = handler.constructor?.name === 'AsyncFunction';
  host.onEmptyEventLoop(() => {
    completed = true;
    if (!isAsync) return host.complete({ payload: 'null' });
    const exit = runtimeError(
      'NodeJsExit',
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
    host.logError('Invoke Error', formatErrorForLog(exit));
    host.complete({ error: toErrorDocument(exit) });
  }, 'no-answer');
  try {
    const result = (handler as (...args: unknown[]) => unknown)(JSON.parse(eventJson), context, callback);
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
      Promise.resolve(result).then(succeed, fail).catch(fail);
    }
  } catch (error) {
    callback(error);
  }
}
