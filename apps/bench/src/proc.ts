import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { since } from './stats.js';

const require = createRequire(import.meta.url);

/** The repository root (apps/bench/dist/proc.js → ../../..). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const benchDist = dirname(fileURLToPath(import.meta.url));
export const childScript = (name: string): string => join(benchDist, 'children', name);
export const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));
export const serveBin = (): string => join(packageDir('@sizegate/local'), 'bin', 'sizegate-local.mjs');

/** Wall time of a process from spawn to exit, in ms. Fails on a non-zero exit. */
export function timeProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env, cwd });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = since(start);
      if (code === 0) resolve(ms);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

/** Runs a child that prints one JSON line as its result. */
export function runJsonChild<T>(script: string, args: readonly string[], nodeArgs: readonly string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as T);
      } catch (error) {
        reject(new Error(`${script} printed no JSON result: ${stdout.slice(-500)} ${stderr.slice(-500)}`, { cause: error }));
      }
    });
  });
}

/** VmRSS and VmHWM of a process, in bytes (Linux /proc). A child's pid is undefined when its spawn failed. */
export function memoryOf(pid: number | 'self' | undefined): { rss: number; peak: number } {
  if (pid === undefined) throw new Error('memoryOf: the process has no pid (its spawn failed)');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly stateMachineArn: string;
  /** Spawn → ready JSON line, in ms. */
  readonly readyMs: number;
  stop(): Promise<void>;
}

/** Starts `sizegate-local serve` on a free port and waits for its ready line. */
export function startServe(args: readonly string[]): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [serveBin(), 'serve', '--port', '0', '--log-level', 'error', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const lines = createInterface({ input: child.stdout });
    const onExit = (code: number | null) => reject(new Error(`sizegate-local serve exited with ${code} before it was ready: ${stderr}`));
    child.once('exit', onExit);
    child.once('error', reject);
    lines.once('line', (line) => {
      const readyMs = since(start);
      child.off('exit', onExit);
      const ready = JSON.parse(line) as { endpoint: string; region: string; bucket: string; stateMachineArn: string };
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      resolve({
        ...ready,
        child,
        readyMs,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
