import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/sizegate-local.mjs', import.meta.url));

export interface Ready {
  endpoint: string;
  region: string;
  bucket: string;
  stateMachineArn: string;
}

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  ready: Ready;
  /** Everything the process wrote on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Sends `signal` and resolves with the exit code (bounded: kills after 10 s). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `sizegate-local serve --port 0 ...` and waits (bounded) for its ready line. */
export async function startServeProcess(args: string[] = [], timeoutMs = 20_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve was not ready within ${timeoutMs} ms; stderr:\n${err}`)), timeoutMs);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it was ready; stderr:\n${err}`));
    });
  });
  return {
    child,
    ready: JSON.parse(firstLine) as Ready,
    stdout: () => out,
    stderr: () => err,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill(signal);
      }),
  };
}
