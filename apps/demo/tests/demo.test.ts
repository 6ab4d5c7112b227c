import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '@sizegate/types';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const LOCAL_CLI = join(dirname(createRequire(import.meta.url).resolve('@sizegate/local/package.json')), 'bin', 'sizegate-local.mjs');

const firstLine = (stream: Readable) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ready line within 20 s')), 20_000);
    createInterface({ input: stream }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
// The demo must run on the embedded runtime even when the developer's shell points elsewhere.
const env: NodeJS.ProcessEnv = { ...process.env };
delete env.AWS_ENDPOINT_URL;

interface Outcome {
  key: string;
  size: number;
  path: string[];
  status: string;
  message: string;
  ok: boolean;
}

const runDemo = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, timeout: 120_000 });

describe('pnpm demo', () => {
  it('runs the six samples on the embedded runtime with the expected outcomes and exit code 0', () => {
    // Act
    const result = runDemo(['--json']);

    // Assess
    expect(result.status, result.stderr).toBe(0);
    const stderrLines = result.stderr.trimEnd().split('\n');
    expect(stderrLines[0]).toBe('Target: the embedded local runtime, on a free port (no --aws, and AWS_ENDPOINT_URL is not set)');
    // Not a terminal: progress as plain lines (the first status at once), the last one the totals; no control characters.
    expect(stderrLines).toContain('[1/6] samples/empty.txt: uploading');
    expect(stderrLines.at(-1)).toMatch(/^6 file\(s\) uploaded and followed to their final state in \d+\.\d s$/);
    expect(result.stderr).not.toContain('\r');
    const outcomes = JSON.parse(result.stdout) as Outcome[];
    expect(outcomes.map((outcome) => [outcome.key, outcome.size, outcome.message])).toEqual([
      ['samples/empty.txt', 0, MESSAGES.notBigEnough],
      ['samples/one-kib.txt', 1024, MESSAGES.notBigEnough],
      ['samples/exactly-threshold.bin', 2_000_000, MESSAGES.processedOk],
      ['samples/threshold-plus-one.bin', 2_000_001, MESSAGES.processedOk],
      ['samples/five-mib.bin', 5 * 1024 * 1024, MESSAGES.processedOk],
      ['samples/report 2024+final ü.csv', 3_000_000, MESSAGES.processedOk],
    ]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('SUCCEEDED');
      expect(outcome.ok).toBe(true);
      expect(outcome.path[0]).toBe('CheckFileSize');
      expect(outcome.path.at(-1)).toBe(outcome.message === MESSAGES.processedOk ? 'NotifyOk' : 'NotifyFileTooSmall');
    }
  });

  it("prints a table and uploads the user's own files when given paths", () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'sizegate-demo-test-'));
    const small = join(dir, 'notes.txt');
    writeFileSync(small, 'hello\nworld\n');

    // Act
    const result = runDemo([small]);
    rmSync(dir, { recursive: true, force: true });

    // Assess
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /uploads\/notes\.txt\s+12\s+CheckFileSize → ChoiceState → NotifyFileTooSmall\s+SUCCEEDED\s+File not big enough/,
    );
    expect(result.stdout).toContain('All 1 outcomes as expected.');
  });

  it('--graph DIR draws one SVG per upload with the path it took: small ends in NotifyFileTooSmall, large in NotifyOk, same-named files get their own', () => {
    // Prepare: one file on each side of the 2,000,000-byte threshold, and a second notes.txt from another folder
    const dir = mkdtempSync(join(tmpdir(), 'sizegate-demo-graph-'));
    const graphs = join(dir, 'graphs');
    writeFileSync(join(dir, 'notes.txt'), 'hello\nworld\n');
    writeFileSync(join(dir, 'big report.bin'), Buffer.alloc(2_000_001, 'x'));
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'notes.txt'), 'other notes\n');

    try {
      // Act
      const result = runDemo([
        '--json',
        '--graph',
        graphs,
        join(dir, 'notes.txt'),
        join(dir, 'big report.bin'),
        join(dir, 'other', 'notes.txt'),
      ]);

      // Assess
      expect(result.status, result.stderr).toBe(0);
      const outcomes = JSON.parse(result.stdout) as (Outcome & { graph: string })[];
      expect(outcomes.map((outcome) => outcome.key)).toEqual(['uploads/notes.txt', 'uploads/big report.bin', 'uploads/notes-2.txt']);
      const names = outcomes.map((outcome) => relative(graphs, outcome.graph));
      expect(names[0]).toMatch(/^uploads-notes\.txt-[0-9a-f]{10}\.svg$/);
      expect(names[1]).toMatch(/^uploads-big-report\.bin-[0-9a-f]{10}\.svg$/);
      expect(names[2]).toMatch(/^uploads-notes-2\.txt-[0-9a-f]{10}\.svg$/);
      expect(readdirSync(graphs).sort()).toEqual([...names].sort());
      const [small, large, other] = outcomes.map((outcome) => readFileSync(outcome.graph, 'utf8'));
      expect(other).toContain('uploads/notes-2.txt (12 bytes)');
      const classesOf = (svg: string, state: string) =>
        new RegExp(`class="([^"]*)" data-state="${state}"`).exec(svg)?.[1]?.split(' ') ?? [];
      const taken = (svg: string, from: string, to: string) =>
        new RegExp(`class="[^"]*sg-taken[^"]*" data-from="${from}" data-to="${to}"`).test(svg);
      expect(small!.startsWith('<svg')).toBe(true);
      expect(classesOf(small!, 'NotifyFileTooSmall')).toContain('sg-entered');
      expect(classesOf(small!, 'ProcessFile')).not.toContain('sg-entered');
      expect(taken(small!, 'ChoiceState', 'NotifyFileTooSmall')).toBe(true);
      expect(classesOf(large!, 'ProcessFile')).toContain('sg-entered');
      expect(classesOf(large!, 'NotifyOk')).toContain('sg-entered');
      expect(taken(large!, 'ChoiceState', 'ProcessFile')).toBe(true);
      expect(taken(large!, 'ChoiceState', 'NotifyFileTooSmall')).toBe(false);
      expect(small).toContain('uploads/notes.txt (12 bytes)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without --graph reports no graph', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'sizegate-demo-nograph-'));
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');

    try {
      // Act
      const result = runDemo(['--json', join(dir, 'notes.txt')]);

      // Assess
      expect(result.status, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as { graph?: string }[])[0]?.graph).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses an existing endpoint from AWS_ENDPOINT_URL, and exits 1 when an outcome differs from the expected one', async () => {
    // Prepare: a separately started runtime that processes everything of 10 bytes or more
    const serve = spawn(process.execPath, [LOCAL_CLI, 'serve', '--port', '0', '--min-size-bytes', '10'], { stdio: 'pipe' });
    const ready = JSON.parse(await firstLine(serve.stdout)) as { endpoint: string; bucket: string; stateMachineArn: string };
    const dir = mkdtempSync(join(tmpdir(), 'sizegate-demo-test-'));
    const file = join(dir, 'hundred-bytes.txt');
    writeFileSync(file, 'x'.repeat(100));

    // Act: the demo checks against the default threshold, so "File processed OK" is unexpected
    const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const demo = spawn(process.execPath, [CLI, file], {
        env: {
          ...env,
          AWS_ENDPOINT_URL: ready.endpoint,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_REGION: 'us-east-1',
          SIZEGATE_BUCKET: ready.bucket,
          SIZEGATE_STATE_MACHINE_ARN: ready.stateMachineArn,
        },
      });
      let stdout = '';
      let stderr = '';
      demo.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      demo.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      demo.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    serve.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });

    // Assess: the first line names the endpoint and why it is used
    expect(result.stderr.split('\n')[0]).toBe(
      `Target: ${ready.endpoint}, from AWS_ENDPOINT_URL (it is set; unset it for the embedded local runtime, or pass --aws for AWS)`,
    );
    expect(result.stdout).toMatch(/UNEXPECTED\s+uploads\/hundred-bytes\.txt/);
    expect(result.stdout).toContain('File processed OK');
    expect(result.status).toBe(1);
  });

  it('with AWS_ENDPOINT_URL set but no deployment named, says on the first line that the endpoint is the target, then what is missing (exit 2)', () => {
    // Act
    const result = spawnSync(process.execPath, [CLI], {
      encoding: 'utf8',
      env: { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', SIZEGATE_BUCKET: '', SIZEGATE_STATE_MACHINE_ARN: '' },
      timeout: 30_000,
    });

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n').slice(0, 2)).toEqual([
      'Target: http://127.0.0.1:4566, from AWS_ENDPOINT_URL (it is set; unset it for the embedded local runtime, or pass --aws for AWS)',
      'demo: A remote target needs --bucket or SIZEGATE_BUCKET and --state-machine-arn or SIZEGATE_STATE_MACHINE_ARN',
    ]);
  });
});
