import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionListItem,
} from '@aws-sdk/client-sfn';
import { executionNameFor } from '@sizegate/start-execution';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listAllExecutions } from '../helpers/local-clients.js';
import { startServeProcess, type Ready, type ServeProcess } from '../helpers/serve-process.js';
import { readTemplate, S3_IDS, S3_TEMPLATE } from '../helpers/templates.js';

/**
 * The fixture stack with one change: an execution whose input has `hold` waits an hour in a Wait
 * state before CheckFileSize. That is a real execution of the engine, RUNNING for as long as the
 * test needs, so the process can be killed under it without racing a handler.
 */
function holdingTemplate(directory: string): string {
  const template = readTemplate(S3_TEMPLATE);
  const parts = template.Resources[S3_IDS.stateMachine].Properties.DefinitionString['Fn::Join'][1] as unknown[];
  const first = parts[0] as string;
  const hold =
    '"Hold":{"Type":"Choice","Choices":[{"Variable":"$.hold","IsPresent":true,"Next":"HoldWait"}],"Default":"CheckFileSize"},"HoldWait":{"Type":"Wait","Seconds":3600,"Next":"CheckFileSize"},';
  parts[0] = first.replace('"StartAt":"CheckFileSize","States":{', `"StartAt":"Hold","States":{${hold}`);
  expect(parts[0]).not.toBe(first);
  const path = join(directory, 'HoldStack.template.json');
  writeFileSync(path, JSON.stringify(template));
  return path;
}

function clientsOf(ready: Ready) {
  const config = { endpoint: ready.endpoint, region: ready.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  return { s3: new S3Client({ ...config, forcePathStyle: true }), sfn: new SFNClient(config) };
}

/** Polls (bounded) until `check` returns a value. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function historyOf(sfn: SFNClient, executionArn: string) {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

const inputOf = (bucket: string, key: string, extra: object = {}) => JSON.stringify({ bucket, key, versionId: null, ...extra });

let directory: string | undefined;
const processes: ServeProcess[] = [];
afterEach(async () => {
  for (const serve of processes.splice(0)) await serve.stop('SIGKILL');
  if (directory) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

describe('sizegate-local serve restart with the same --data-dir', () => {
  it('sizegate-local serve killed mid-run and restarted with the same --data-dir: objects and finished executions are still there; executions that were running are marked ABORTED and started again; objects that never got an execution get one (no upload lost)', async () => {
    // Prepare: a first run whose notifications wait ten minutes, so uploads get executions only
    // when the test starts them (as the trigger would: same name, same input) — except one.
    directory = mkdtempSync(join(tmpdir(), 'sizegate-restart-'));
    const dataDir = join(directory, 'data');
    const template = holdingTemplate(directory);
    const first = await startServeProcess(['--template', template, '--data-dir', dataDir, '--delivery', 'delay=600000']);
    processes.push(first);
    const { bucket, stateMachineArn } = first.ready;
    let { s3, sfn } = clientsOf(first.ready);
    const put = async (key: string, bytes: number) =>
      (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(bytes, 'x') }))).ETag!;
    const start = async (key: string, etag: string, extra: object = {}) =>
      (
        await sfn.send(
          new StartExecutionCommand({ stateMachineArn, name: executionNameFor({ bucket, key, etag }), input: inputOf(bucket, key, extra) }),
        )
      ).executionArn!;
    const finishedArns = [
      await start('incoming/done.csv', await put('incoming/done.csv', 2048)),
      await start('incoming/small.csv', await put('incoming/small.csv', 10)),
    ];
    for (const executionArn of finishedArns) {
      await eventually('a finished execution', async () => {
        const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return status === 'SUCCEEDED' ? status : undefined;
      });
    }
    const runningArn = await start('incoming/running.csv', await put('incoming/running.csv', 2048), { hold: true });
    await eventually('the held execution to wait', async () =>
      (await historyOf(sfn, runningArn)).some((event) => event.type === 'WaitStateEntered') ? true : undefined,
    );
    await put('incoming/pending.csv', 2048); // its notification is still waiting when the process dies
    await put('elsewhere/ignored.csv', 2048); // outside the trigger's prefix filter (incoming/): never an execution
    const before = {
      list: await listAllExecutions(sfn, stateMachineArn),
      finished: await Promise.all(
        finishedArns.map(async (executionArn) => ({
          describe: stripMetadata(await sfn.send(new DescribeExecutionCommand({ executionArn }))),
          history: await historyOf(sfn, executionArn),
        })),
      ),
    };
    expect(before.list.map((item) => item.status).sort()).toEqual(['RUNNING', 'SUCCEEDED', 'SUCCEEDED']);

    // Act: kill -9 while the held execution runs, then start again on the same data dir.
    expect(await first.stop('SIGKILL')).toBeNull();
    const second = await startServeProcess(['--template', template, '--data-dir', dataDir]);
    processes.push(second);
    ({ s3, sfn } = clientsOf(second.ready));

    // Assess: objects (and the manifest) are still there.
    const keys = ['done.csv', 'small.csv', 'running.csv', 'pending.csv'].map((name) => `incoming/${name}`);
    for (const key of [...keys, 'elsewhere/ignored.csv', 'reports/manifests/incoming/done.csv.manifest.json']) {
      expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).$metadata.httpStatusCode, key).toBe(200);
    }
    // Finished executions are listed, described and their histories read exactly as before.
    const after = await listAllExecutions(sfn, stateMachineArn);
    const byArn = new Map(after.map((item) => [item.executionArn, item]));
    for (const [index, executionArn] of finishedArns.entries()) {
      expect(byArn.get(executionArn)).toEqual(before.list.find((item) => item.executionArn === executionArn));
      expect(stripMetadata(await sfn.send(new DescribeExecutionCommand({ executionArn })))).toEqual(before.finished[index]!.describe);
      expect(await historyOf(sfn, executionArn)).toEqual(before.finished[index]!.history);
    }
    // The execution that was running is ABORTED, its history closed with ExecutionAborted...
    const aborted = await sfn.send(new DescribeExecutionCommand({ executionArn: runningArn }));
    expect(aborted).toMatchObject({ status: 'ABORTED', error: 'SizegateLocal.Interrupted' });
    expect(aborted.stopDate).toBeInstanceOf(Date);
    const abortedHistory = await historyOf(sfn, runningArn);
    expect(abortedHistory.map((event) => event.type).slice(-2)).toEqual(['WaitStateEntered', 'ExecutionAborted']);
    // ...and it runs again under `<name>-restart-1`, with the same input.
    const restartName = `${aborted.name}-restart-1`;
    expect(aborted.cause).toContain(restartName);
    const restarted = await sfn.send(new DescribeExecutionCommand({ executionArn: runningArn.replace(/:[^:]+$/, `:${restartName}`) }));
    expect(restarted).toMatchObject({ name: restartName, status: 'RUNNING', input: aborted.input });
    // The upload whose notification was lost gets its execution, named as the trigger names it.
    const pending = await eventually('an execution for pending.csv', async () => {
      const item = (await listAllExecutions(sfn, stateMachineArn)).find((execution) => execution.name?.startsWith('pending.csv-'));
      if (!item) return undefined;
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }));
      return execution.status === 'RUNNING' ? undefined : execution;
    });
    expect(pending).toMatchObject({ status: 'SUCCEEDED', input: inputOf(bucket, 'incoming/pending.csv') });
    const pendingEtag = (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'incoming/pending.csv' }))).ETag;
    expect(pending.name).toBe(executionNameFor({ bucket, key: 'incoming/pending.csv', etag: pendingEtag }));
    // Nothing else was started: objects that had an execution did not get a second one, and the
    // object outside the trigger's filter got none.
    const keysOf = (items: ExecutionListItem[]) => items.map((item) => item.name!.replace(/-[0-9a-f]{48}.*$/, '')).sort();
    expect(keysOf(await listAllExecutions(sfn, stateMachineArn))).toEqual([
      'done.csv',
      'pending.csv',
      'running.csv',
      'running.csv',
      'small.csv',
    ]);
    expect(second.stderr()).toContain('Execution was running when sizegate-local stopped');
    expect(await second.stop('SIGTERM')).toBe(0);
  });
});

function stripMetadata(output: DescribeExecutionCommandOutput) {
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}
