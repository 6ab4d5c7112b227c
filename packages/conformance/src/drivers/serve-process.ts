import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { EndpointFactory, EndpointOptions } from './http.js';

export interface ServeCommand {
  /** The program to run (`process.execPath` for a Node script). */
  readonly command: string;
  /** Arguments before `serve` (the script path for a Node script). */
  readonly args?: readonly string[];
}

export interface SpawnServeOptions {
  /** @default `sizegate-local` of `@sizegate/local`, run with this Node */
  readonly serve?: ServeCommand;
  /** How long the process may take to print its ready line. @default 30000 */
  readonly readyTimeoutMs?: number;
  /** How long close() waits after SIGTERM before SIGKILL. @default 5000 */
  readonly stopTimeoutMs?: number;
}

export class ServeStartError extends Error {
  override readonly name = 'ServeStartError';
}

/**
 * An endpoint factory that starts `sizegate-local serve --port 0 --region R --account-id A
 * --functions DIR --clock virtual [--mock-config FILE] [--map-state-exited-after EVENT]` per case, reads the one JSON line it prints
 * when ready (`{"endpoint": …}`) and kills it on close.
 */
export function spawnServe(options: SpawnServeOptions = {}): EndpointFactory {
  return async (endpointOptions) => {
    const serve = options.serve ?? defaultServeCommand();
    const child = spawn(serve.command, [...(serve.args ?? []), ...serveArguments(endpointOptions)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const endpoint = await readyEndpoint(child, options.readyTimeoutMs ?? 30_000);
    return { endpoint, close: () => stop(child, options.stopTimeoutMs ?? 5_000) };
  };
}

export function serveArguments(options: EndpointOptions): string[] {
  return [
    'serve',
    '--port',
    '0',
    '--region',
    options.region,
    '--account-id',
    options.accountId,
    '--functions',
    options.functionsDirectory,
    '--clock',
    'virtual',
    ...(options.mockConfigFile ? ['--mock-config', options.mockConfigFile] : []),
    ...(options.mapStateExitedAfter ? ['--map-state-exited-after', options.mapStateExitedAfter] : []),
  ];
}

/** `node <@sizegate/local's bin>`, found from the working directory (the workspace root has it). */
export function defaultServeCommand(): ServeCommand {
  const require = createRequire(join(process.cwd(), 'noop.js'));
  let manifestPath: string;
  try {
    manifestPath = require.resolve('@sizegate/local/package.json');
  } catch {
    throw new ServeStartError('Cannot find @sizegate/local from the working directory: pass a serve command (--serve-command)');
  }
  const manifest = require(manifestPath) as { bin?: Record<string, string> };
  const bin = manifest.bin?.['sizegate-local'];
  if (!bin) throw new ServeStartError(`${manifestPath} has no sizegate-local bin`);
  return { command: process.execPath, args: [join(dirname(manifestPath), bin)] };
}

function readyEndpoint(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const fail = (message: string): void => {
      cleanup();
      child.kill('SIGKILL');
      reject(new ServeStartError(`${message}${stderr ? `\n${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`serve printed no ready line within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`serve exited before it was ready (code ${code}, signal ${signal})`);
    const onError = (error: Error): void => fail(`serve could not be started: ${error.message}`);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      lines.close();
    };
    lines.on('line', (line) => {
      let ready: unknown;
      try {
        ready = JSON.parse(line);
      } catch {
        return; // not the ready line
      }
      const endpoint = (ready as { endpoint?: unknown } | null)?.endpoint;
      if (typeof endpoint !== 'string') return;
      cleanup();
      // Keep draining stdout so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
      resolve(endpoint);
    });
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function stop(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
