import { PutObjectCommand } from '@aws-sdk/client-s3';
import { buildDefinition } from '@sizegate/state-machine';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../src/index.js';
import { clientsFor, waitForExecutionOf } from '../helpers/local-clients.js';
import { CLI, startServeProcess, type ServeProcess } from '../helpers/serve-process.js';
import { S3_TEMPLATE } from '../helpers/templates.js';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `sizegate-local graph ...args` (bounded), with only the environment given added. */
function graph(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Without the caller's AWS settings: which credentials are used is part of what is tested.
    const {
      AWS_ENDPOINT_URL: _endpoint,
      AWS_PROFILE: _profile,
      AWS_ACCESS_KEY_ID: _key,
      AWS_SECRET_ACCESS_KEY: _secret,
      AWS_SESSION_TOKEN: _token,
      ...inherited
    } = process.env;
    const child = spawn(process.execPath, [CLI, 'graph', ...args], { env: { ...inherited, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The classes of each state node and the taken edges, read from the SVG's data attributes. */
function marksOf(svg: string) {
  const states = new Map(
    [...svg.matchAll(/<g id="[^"]*" class="([^"]*)" data-state="([^"]*)">/g)].map((match) => [match[2], match[1]!.split(' ')]),
  );
  const taken = [...svg.matchAll(/<g id="[^"]*" class="([^"]*)" data-from="([^"]*)" data-to="([^"]*)">/g)]
    .filter((match) => match[1]!.split(' ').includes('sg-taken'))
    .map((match) => `${match[2]}->${match[3]}`);
  return { states, taken };
}

describe('sizegate-local graph against a running serve', () => {
  let serve: ServeProcess;
  let dir: string;
  const arns: Record<'small' | 'large', string> = { small: '', large: '' };

  beforeAll(async () => {
    // Prepare: a runtime with a small and a large upload, both finished
    dir = mkdtempSync(join(tmpdir(), 'sizegate-graph-'));
    serve = await startServeProcess();
    const { s3, sfn } = clientsFor(serve.ready as unknown as LocalRuntime);
    try {
      await s3.send(new PutObjectCommand({ Bucket: serve.ready.bucket, Key: 'graph/small.txt', Body: 'tiny' }));
      await s3.send(new PutObjectCommand({ Bucket: serve.ready.bucket, Key: 'graph/large.bin', Body: Buffer.alloc(2_000_001, 'x') }));
      arns.small = (await waitForExecutionOf(sfn, serve.ready.stateMachineArn, 'graph/small.txt')).executionArn!;
      arns.large = (await waitForExecutionOf(sfn, serve.ready.stateMachineArn, 'graph/large.bin')).executionArn!;
    } finally {
      s3.destroy();
      sfn.destroy();
    }
  }, 60_000);

  afterAll(async () => {
    await serve?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws the small and the large execution as SVG with different highlighted paths', async () => {
    // Act
    const small = await graph(['--execution', arns.small, '--endpoint', serve.ready.endpoint, '-o', join(dir, 'small.svg')]);
    const large = await graph(['--execution', arns.large, '--endpoint', serve.ready.endpoint, '-o', join(dir, 'large.svg')]);

    // Assess
    expect(small.status, small.stderr).toBe(0);
    expect(large.status, large.stderr).toBe(0);
    const smallSvg = readFileSync(join(dir, 'small.svg'), 'utf8');
    const largeSvg = readFileSync(join(dir, 'large.svg'), 'utf8');
    expect(smallSvg.startsWith('<svg')).toBe(true);
    const smallMarks = marksOf(smallSvg);
    const largeMarks = marksOf(largeSvg);
    expect(smallMarks.states.get('NotifyFileTooSmall')).toContain('sg-entered');
    expect(smallMarks.states.get('ProcessFile')).not.toContain('sg-entered');
    expect(smallMarks.taken).toContain('ChoiceState->NotifyFileTooSmall');
    expect(smallMarks.taken).not.toContain('ChoiceState->ProcessFile');
    expect(largeMarks.states.get('ProcessFile')).toContain('sg-entered');
    expect(largeMarks.states.get('NotifyOk')).toContain('sg-entered');
    expect(largeMarks.states.get('NotifyFileTooSmall')).not.toContain('sg-entered');
    expect(largeMarks.taken).toEqual(expect.arrayContaining(['ChoiceState->ProcessFile', 'ProcessFile->NotifyOk', 'NotifyOk->End']));
    expect(largeMarks.taken).not.toContain('ChoiceState->NotifyFileTooSmall');
    expect(smallSvg).toContain('SUCCEEDED'); // the title names the execution and its status
  });

  it('takes the endpoint from AWS_ENDPOINT_URL and writes Mermaid to stdout by default', async () => {
    // Act
    const result = await graph(['--execution', arns.large], { AWS_ENDPOINT_URL: serve.ready.endpoint });

    // Assess
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('flowchart TD');
    expect(result.stdout).toMatch(/linkStyle [\d,]+ stroke:/);
    expect(result.stdout).toContain('size #62;= 2000000');
  });

  it('with AWS_PROFILE set, uses that profile even for a loopback endpoint (no dummy credentials): a missing profile is named, exit 1', async () => {
    // Prepare: empty config files, and no instance metadata lookup (nothing leaves the machine).
    const empty = join(dir, 'empty-aws-config');
    writeFileSync(empty, '');
    const env = {
      AWS_PROFILE: 'sizegate-no-such-profile',
      AWS_CONFIG_FILE: empty,
      AWS_SHARED_CREDENTIALS_FILE: empty,
      AWS_EC2_METADATA_DISABLED: 'true',
    };

    // Act
    const withProfile = await graph(['--execution', arns.small, '--endpoint', serve.ready.endpoint], env);
    const withoutProfile = await graph(['--execution', arns.small, '--endpoint', serve.ready.endpoint], { ...env, AWS_PROFILE: '' });

    // Assess
    expect(withProfile.status).toBe(1);
    expect(withProfile.stderr).toContain(arns.small);
    expect(withProfile.stderr).toContain('sizegate-no-such-profile');
    expect(withoutProfile.status, withoutProfile.stderr).toBe(0);
  });

  it('picks the format from -o: .dot is DOT, .mmd is Mermaid; --format wins', async () => {
    // Act
    const dot = await graph(['--execution', arns.small, '--endpoint', serve.ready.endpoint, '-o', join(dir, 'small.dot')]);
    const mmd = await graph(['--execution', arns.small, '--endpoint', serve.ready.endpoint, '-o', join(dir, 'small.mmd')]);
    const forced = await graph(['--format', 'dot', '-o', join(dir, 'forced.svg')]);

    // Assess
    expect([dot.status, mmd.status, forced.status]).toEqual([0, 0, 0]);
    expect(readFileSync(join(dir, 'small.dot'), 'utf8')).toMatch(/^digraph /);
    expect(readFileSync(join(dir, 'small.mmd'), 'utf8')).toMatch(/^---\ntitle: .*\n---\nflowchart TD/);
    expect(readFileSync(join(dir, 'forced.svg'), 'utf8')).toMatch(/^digraph /);
  });

  it('names the ARN of an execution that does not exist, exit 1', async () => {
    // Prepare
    const missing = `${arns.small.slice(0, arns.small.lastIndexOf(':'))}:no-such-execution`;

    // Act
    const result = await graph(['--execution', missing, '--endpoint', serve.ready.endpoint]);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(missing);
    expect(result.stderr).toContain('no such execution');
    expect(result.stderr).not.toContain('    at ');
  });
});

describe('sizegate-local graph from files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sizegate-graph-files-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--definition FILE: draws that definition with its own threshold', async () => {
    // Prepare
    const file = join(dir, 'definition.json');
    writeFileSync(file, JSON.stringify(buildDefinition({ minSizeBytes: 1234 })));

    // Act
    const result = await graph(['--definition', file, '--format', 'dot']);

    // Assess
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('label="size >= 1234"');
    expect(result.stdout).toContain('label="size < 1234"');
    expect(result.stdout).not.toContain('sg-legend'); // no execution, no marks to explain
  });

  it('--template FILE: draws the state machine the template deploys', async () => {
    // Prepare
    const template = JSON.parse(readFileSync(S3_TEMPLATE, 'utf8')) as object;
    const expected = JSON.stringify(template).match(/NumericGreaterThanEquals\\+":(\d+)/)?.[1];

    // Act
    const result = await graph(['--template', S3_TEMPLATE, '-o', join(dir, 'template.svg')]);

    // Assess
    expect(result.status, result.stderr).toBe(0);
    const svg = readFileSync(join(dir, 'template.svg'), 'utf8');
    expect(expected).toBeDefined();
    expect(svg).toContain(`size &gt;= ${expected}`);
    expect(svg).toContain('data-state="CheckFileSize"');
  });

  it('without a source: draws the default sizegate definition', async () => {
    // Act
    const result = await graph([]);

    // Assess
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('size #62;= 2000000');
  });

  it.each([
    [['--format', 'png'], '--format'],
    [['--definition', 'a.json', '--template', 'b.json'], '--definition and --template'],
    [['--state-machine', 'Gate'], '--state-machine needs --template'],
    [['--endpoint', 'http://127.0.0.1:1'], '--endpoint needs --execution'],
    [['--execution', 'not-an-arn'], '--execution must be an execution ARN'],
    [['--nope'], "'--nope'"],
    [['extra'], 'positional'],
  ])('rejects %j with exit code 2 and a message naming the flag', async (args, named) => {
    // Act
    const result = await graph(args);

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(named);
    expect(result.stderr).not.toContain('    at ');
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.json'), 'cannot read it (ENOENT)'],
    [
      'invalid JSON',
      () => {
        writeFileSync(join(dir, 'bad.json'), '{ nope');
        return join(dir, 'bad.json');
      },
      'not valid JSON',
    ],
    [
      'JSON that is no definition',
      () => {
        writeFileSync(join(dir, 'other.json'), '{"a":1}');
        return join(dir, 'other.json');
      },
      'needs "StartAt" and "States"',
    ],
  ])('--definition with %s: exit 1 naming the flag and the file', async (_case, file, reason) => {
    // Prepare
    const path = file();

    // Act
    const result = await graph(['--definition', path]);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`--definition ${path}`);
    expect(result.stderr).toContain(reason);
  });

  it('--template that is not a SizeGate stack: exit 1 naming --template and the file', async () => {
    // Prepare
    const file = join(dir, 'empty.template.json');
    writeFileSync(file, JSON.stringify({ Resources: {} }));

    // Act
    const result = await graph(['--template', file]);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--template');
    expect(result.stderr).toContain(file);
    expect(result.stderr).not.toContain('    at ');
  });
});
