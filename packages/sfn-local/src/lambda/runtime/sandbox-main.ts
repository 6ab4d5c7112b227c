/**
 * The entry of a function sandbox (a worker thread): the part of the Lambda Node.js runtime around
 * the handler. Booted ahead of need, it waits for a `load` message: the function's environment and
 * module (the init phase, the module compiled through Node's on-disk compile cache, so the next
 * cold start of the same code compiles less). Then it runs one invocation per
 * `invoke` message, with the console writing Lambda's log lines and every byte of stdout/stderr
 * going to the runner in order with the results. An uncaught exception or unhandled rejection
 * fails the current invocation and ends the sandbox, as the runtime exits with 129/128.
 *
 * Imports: node built-ins, types, and sandbox-handler loaded by URL with this file's own extension
 * (`.ts` when the tests run `src/` under Node's type stripping, `.js` from `dist/`).
 */
import module from 'node:module';
import { getHeapStatistics } from 'node:v8';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { InvokeMessage, LoadMessage, SandboxBoot, SandboxMessage, SandboxSetup } from './protocol.js';

type Handler = typeof import('./sandbox-handler.js');

const boot = workerData as SandboxBoot | undefined;
if (!isMainThread && parentPort && boot?.sizegateSandbox) {
  const port = parentPort;
  const extension = new URL(import.meta.url).pathname.endsWith('.ts') ? '.ts' : '.js';
  const handlerModule = (await import(new URL(`./sandbox-handler${extension}`, import.meta.url).href)) as Handler;
  module.enableCompileCache?.();
  const { setup, environment } = await new Promise<LoadMessage>((resolve) => port.once('message', resolve));
  Object.assign(process.env, environment);
  await runSandbox(port, setup, handlerModule);
}

async function runSandbox(port: NonNullable<typeof parentPort>, setup: SandboxSetup, runtime: Handler): Promise<void> {
  const post = (message: SandboxMessage) => port.postMessage(message);
  let requestId: string | undefined;
  let peakMemory = 0;

  // Everything the function writes reaches the runner through the same port as its results, so
  // each line lands in the right invocation's logs.
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    const text =
      typeof chunk === 'string'
        ? chunk
        : Buffer.from(chunk as Uint8Array).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    post({ type: 'log', text });
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  };
  process.stdout.write = write as typeof process.stdout.write;
  process.stderr.write = write as typeof process.stderr.write;
  const patched = console as unknown as Record<string, (...args: unknown[]) => void>;
  for (const [method, level] of Object.entries(runtime.CONSOLE_LEVELS)) {
    patched[method] = (...args: unknown[]) => write(runtime.formatLogLine(level, requestId, args));
  }
  const logError = (...args: unknown[]) => console.error(...args);

  // The runtime's process-level handlers: the error is the invocation's answer, then the process exits.
  const fatal = (kind: string, error: unknown, exitCode: number) => {
    logError(kind, runtime.formatErrorForLog(error));
    post({ type: 'fatal', requestId, error: runtime.toErrorDocument(error) });
    process.exit(exitCode);
  };
  process.on('uncaughtException', (error) => fatal('Uncaught Exception', error, 129));
  process.on('unhandledRejection', (reason) => {
    const error = runtime.runtimeError('UnhandledPromiseRejection', reason === undefined ? '' : String(reason));
    fatal('Unhandled Promise Rejection', error, 128);
  });

  // The port is unref'd while a handler runs, so the event loop can empty: that is when the
  // runtime answers a callback handler (callbackWaitsForEmptyEventLoop) or one that never answers.
  let onEmptyEventLoop: (() => void) | undefined;
  process.on('beforeExit', () => {
    const listener = onEmptyEventLoop;
    onEmptyEventLoop = undefined;
    if (listener) listener();
    else port.ref();
  });

  const memoryUsed = () => {
    const { total_heap_size: heap, external_memory: external } = getHeapStatistics();
    peakMemory = Math.max(peakMemory, heap + external);
    return peakMemory;
  };

  let handler: Awaited<ReturnType<Handler['loadHandler']>>;
  try {
    handler = await runtime.loadHandler(setup.modulePath, setup.handlerName);
    module.flushCompileCache?.();
  } catch (error) {
    logError('Uncaught Exception', runtime.formatErrorForLog(error));
    post({ type: 'init-error', error: runtime.toErrorDocument(error), memoryUsedBytes: memoryUsed() });
    process.exit(129);
  }

  port.on('message', (message: InvokeMessage) => {
    requestId = message.requestId;
    port.unref();
    runtime.invokeHandler(handler, message.event, {
      requestId: message.requestId,
      invokedFunctionArn: message.invokedFunctionArn,
      deadlineMs: message.deadlineMs,
      functionName: setup.functionName,
      memorySize: setup.memorySize,
      logGroupName: setup.logGroupName,
      logStreamName: setup.logStreamName,
      logError,
      onEmptyEventLoop: (listener) => {
        onEmptyEventLoop = listener;
      },
      complete: (outcome) => {
        onEmptyEventLoop = undefined;
        port.ref();
        post({ type: 'done', requestId: message.requestId, ...outcome, memoryUsedBytes: memoryUsed() });
      },
    });
  });
  memoryUsed();
  post({ type: 'ready' });
}
