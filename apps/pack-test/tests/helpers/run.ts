import { spawn } from 'node:child_process';

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The child is killed (SIGKILL) after this long and the run fails. */
  readonly timeoutMs: number;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion; rejects with its output when it fails or overruns its time. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out after ${options.timeoutMs} ms\n${tail(stdout)}\n${tail(stderr)}`));
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code ?? signal} in ${options.cwd}\n--- stdout\n${tail(stdout)}\n--- stderr\n${tail(stderr)}`,
          ),
        );
    });
  });
}

/** The consumer scripts print their observations as one JSON object on the last stdout line. */
export function lastJsonLine<T>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  const last = lines[lines.length - 1];
  if (last === undefined || last === '') throw new Error('the consumer script printed nothing');
  return JSON.parse(last) as T;
}

function tail(text: string, max = 4_000): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}
