import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { backfill, executionNameFor, type BackfillSummary } from '@sizegate/start-execution';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime } from '../../src/index.js';
import { clientsFor, listAllExecutions } from '../helpers/local-clients.js';
import { RecordingLogger } from '@sizegate/testing';
import { CLI } from '../helpers/serve-process.js';
import { runBackfillCommand } from '../../src/backfill-command.js';

const run = promisify(execFile);

/** `sizegate-local backfill ...` as a child process (async: the runtime it talks to runs in this process). */
async function backfillCommand(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; summary: BackfillSummary; stderr: string }> {
  const result = await run(process.execPath, [CLI, 'backfill', ...args], { env, timeout: 30_000 }).then(
    (output) => ({ code: 0, stdout: output.stdout, stderr: output.stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? -1,
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  );
  return { code: result.code, summary: JSON.parse(result.stdout), stderr: result.stderr };
}

let local: LocalRuntime;
let s3: S3Client;
let sfn: SFNClient;
const KEYS = ['incoming/a.csv', 'incoming/b.csv', 'other/c.csv'];

beforeEach(async () => {
  // Notifications wait ten minutes: the uploads below have no execution until backfill starts one.
  local = await startLocal({ port: 0, logger: silentLogger, delivery: { delayMs: 600_000 } });
  ({ s3, sfn } = clientsFor(local));
  for (const key of [...KEYS, 'processed/incoming/old.csv.manifest.json']) {
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: `body of ${key}` }));
  }
});

afterEach(async () => {
  s3.destroy();
  sfn.destroy();
  await local.close();
});

/** Waits (bounded) until every execution has closed; returns them by input key. */
async function closedExecutions(): Promise<Map<string, string>> {
  for (let round = 0; round < 400; round++) {
    const executions = await listAllExecutions(sfn, local.stateMachineArn);
    if (executions.every((execution) => execution.status !== 'RUNNING')) {
      const byKey = new Map<string, string>();
      for (const { executionArn } of executions) {
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        byKey.set(JSON.parse(described.input!).key, described.name!);
      }
      return byKey;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('executions still running after 10 s');
}

describe('backfill against the local runtime', () => {
  it('backfill starts executions for objects that have none, and re-running it starts nothing — backfill() from @sizegate/start-execution', async () => {
    // Prepare
    const options = { s3, sfn, bucket: local.bucket, stateMachineArn: local.stateMachineArn, logger: new RecordingLogger() };

    // Act
    const first = await backfill(options);
    const executions = await closedExecutions();
    const second = await backfill(options);

    // Assess: one execution per upload, named as the trigger names it; the manifest skipped.
    expect(first).toEqual({ bucket: local.bucket, prefix: '', listed: 4, started: 3, alreadyStarted: 0, skipped: 1, failed: [] });
    expect(second).toEqual({ bucket: local.bucket, prefix: '', listed: 4, started: 0, alreadyStarted: 3, skipped: 1, failed: [] });
    expect([...executions.keys()].sort()).toEqual(KEYS);
    for (const [key, name] of executions) {
      const { ETag } = await s3.send(new HeadObjectCommand({ Bucket: local.bucket, Key: key }));
      expect(name).toBe(executionNameFor({ bucket: local.bucket, key, etag: ETag }));
    }
  });

  it('backfill starts executions for objects that have none, and re-running it starts nothing — sizegate-local backfill', async () => {
    // Act: first with --endpoint and a prefix, then everything via AWS_ENDPOINT_URL, then again.
    const underPrefix = await backfillCommand(['--endpoint', local.endpoint, '--bucket', local.bucket, '--prefix', 'incoming/']);
    const everything = await backfillCommand(['--bucket', local.bucket], { ...process.env, AWS_ENDPOINT_URL: local.endpoint });
    const again = await backfillCommand(['--endpoint', local.endpoint, '--bucket', local.bucket]);
    const executions = await closedExecutions();

    // Assess
    expect(underPrefix).toMatchObject({
      code: 0,
      summary: { bucket: local.bucket, prefix: 'incoming/', listed: 2, started: 2, alreadyStarted: 0, skipped: 0, failed: [] },
    });
    expect(everything).toMatchObject({
      code: 0,
      summary: { bucket: local.bucket, prefix: '', listed: 4, started: 1, alreadyStarted: 2, skipped: 1, failed: [] },
    });
    expect(again).toMatchObject({
      code: 0,
      summary: { bucket: local.bucket, prefix: '', listed: 4, started: 0, alreadyStarted: 3, skipped: 1, failed: [] },
    });
    // Not a terminal: progress as plain lines on stderr, ending with the totals; no control characters.
    expect(again.stderr.trimEnd().split('\n').at(-1)).toBe(
      `backfill s3://${local.bucket}/: 4 listed, 0 started, 3 already started, 1 skipped, 0 failed`,
    );
    expect(again.stderr).not.toContain('\r');
    expect([...executions.keys()].sort()).toEqual(KEYS);
  });

  it('sizegate-local backfill on a terminal: the progress line is drawn in place, and cleared for the totals', async () => {
    // Prepare: the command in process, its stderr a terminal 100 columns wide
    const writes: string[] = [];
    const terminal = { isTTY: true, columns: 100, write: (text: string) => writes.push(text) };
    let stdout = '';

    // Act
    const code = await runBackfillCommand(
      ['--endpoint', local.endpoint, '--bucket', local.bucket, '--log-level', 'warn'],
      {},
      (text) => {
        stdout += text;
      },
      terminal,
    );

    // Assess: first the listing (nothing started yet), drawn in place; last the line cleared and the totals printed for good.
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ listed: 4, started: 3, skipped: 1 });
    expect(writes[0]).toBe(`\r\x1b[Kbackfill s3://${local.bucket}/: 4 listed, 0 started, 0 already started, 0 skipped, 0 failed`);
    expect(writes.slice(-2)).toEqual([
      '\r\x1b[K',
      `backfill s3://${local.bucket}/: 4 listed, 3 started, 0 already started, 1 skipped, 0 failed\n`,
    ]);
    expect(writes.slice(0, -1).join('')).not.toContain('\n');
  });

  it('sizegate-local backfill exits 1 and names bucket and key of every object it could not start', async () => {
    // Prepare
    const missing = local.stateMachineArn.replace(/:sizegate$/, ':no-such-machine');

    // Act
    const result = await backfillCommand([
      '--endpoint',
      local.endpoint,
      '--bucket',
      local.bucket,
      '--prefix',
      'incoming/',
      '--state-machine-arn',
      missing,
    ]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.summary).toMatchObject({ listed: 2, started: 0 });
    expect(
      result.summary.failed.map((failure: { bucket: string; key: string; error: string }) => [
        failure.bucket,
        failure.key,
        failure.error.split(':')[0],
      ]),
    ).toEqual([
      [local.bucket, 'incoming/a.csv', 'StateMachineDoesNotExist'],
      [local.bucket, 'incoming/b.csv', 'StateMachineDoesNotExist'],
    ]);
  });
});
