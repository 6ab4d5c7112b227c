import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocal, type LocalRuntime } from '../../src/index.js';
import { clientsFor, listAllExecutions } from '../helpers/local-clients.js';
import { RecordingLogger } from '@sizegate/testing';

/** The documented layout: `<dataDir>/stepfunctions/<first 40 hex of SHA-256(executionArn)>.json` and `.history.jsonl`. */
function filesOf(dataDir: string, executionArn: string) {
  const base = join(dataDir, 'stepfunctions', createHash('sha256').update(executionArn).digest('hex').slice(0, 40));
  return { record: `${base}.json`, history: `${base}.history.jsonl` };
}

async function historyOf(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

let directory: string | undefined;
const runtimes: LocalRuntime[] = [];
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

async function start(dataDir: string, logger: RecordingLogger) {
  const local = await startLocal({ port: 0, dataDir, logger });
  runtimes.push(local);
  return { local, ...clientsFor(local) };
}

describe('executions kept in --data-dir', () => {
  it('a corrupt/half-written history line is tolerated and reported in the log', async () => {
    // Prepare: two finished executions on disk, then the damage a crash or a bad disk leaves:
    // a corrupt line inside one history, and the other left RUNNING with a half-written last line.
    directory = mkdtempSync(join(tmpdir(), 'sizegate-persist-'));
    const first = await start(directory, new RecordingLogger());
    for (const key of ['corrupt.txt', 'cut.txt'])
      await first.s3.send(new PutObjectCommand({ Bucket: first.local.bucket, Key: key, Body: key }));
    await first.local.idle();
    const executions = await listAllExecutions(first.sfn, first.local.stateMachineArn);
    const arnOf = (prefix: string) => executions.find((execution) => execution.name!.startsWith(prefix))!.executionArn!;
    const corruptArn = arnOf('corrupt.txt-');
    const cutArn = arnOf('cut.txt-');
    const corruptHistory = await historyOf(first.sfn, corruptArn);
    const cutHistory = await historyOf(first.sfn, cutArn);
    await first.local.close();
    const corruptFiles = filesOf(directory, corruptArn);
    const corruptLines = readFileSync(corruptFiles.history, 'utf8').split('\n');
    corruptLines[2] = '{"timestamp": not json';
    writeFileSync(corruptFiles.history, corruptLines.join('\n'));
    const cutFiles = filesOf(directory, cutArn);
    const { stopDate: _stopDate, output: _output, ...running } = JSON.parse(readFileSync(cutFiles.record, 'utf8'));
    writeFileSync(cutFiles.record, JSON.stringify({ ...running, status: 'RUNNING' }));
    const keptLines = readFileSync(cutFiles.history, 'utf8').split('\n').slice(0, 3);
    writeFileSync(cutFiles.history, `${keptLines.join('\n')}\n{"timestamp":17953`);

    // Act
    const logger = new RecordingLogger();
    const second = await start(directory, logger);
    const corruptAfter = await historyOf(second.sfn, corruptArn);
    const cut = await second.sfn.send(new DescribeExecutionCommand({ executionArn: cutArn }));
    const cutAfter = await historyOf(second.sfn, cutArn);
    await second.local.idle();

    // Assess: the corrupt line is skipped, the rest served, and the log names file and line.
    expect(corruptAfter).toEqual(corruptHistory.filter((event) => event.id !== 3));
    expect(logger.withMessage('Skipped a corrupt line of an execution history')).toEqual([
      {
        level: 'warn',
        message: 'Skipped a corrupt line of an execution history',
        attributes: { executionArn: corruptArn, file: corruptFiles.history, line: 3 },
      },
    ]);
    // The cut-short execution: its half line dropped and logged, closed as ABORTED after its last whole event, started again.
    expect(logger.withMessage('Skipped a half-written last line of an execution history').map((line) => line.attributes)).toEqual([
      { executionArn: cutArn, file: cutFiles.history, line: 4 },
    ]);
    expect(cut).toMatchObject({ status: 'ABORTED', error: 'SizegateLocal.Interrupted' });
    expect(cutAfter.slice(0, 3)).toEqual(cutHistory.slice(0, 3));
    expect(cutAfter.slice(3).map((event) => [event.id, event.type])).toEqual([[4, 'ExecutionAborted']]);
    const restarted = await second.sfn.send(new DescribeExecutionCommand({ executionArn: `${cutArn}-restart-1` }));
    expect(restarted).toMatchObject({ status: 'SUCCEEDED', input: cut.input });
    // A second restart reads the repaired history without complaint.
    await second.local.close();
    const thirdLogger = new RecordingLogger();
    const third = await start(directory, thirdLogger);
    expect(await historyOf(third.sfn, cutArn)).toEqual(cutAfter);
    expect(thirdLogger.withMessage('Skipped a half-written last line of an execution history')).toEqual([]);
  });

  it('executions closed before a graceful stop are listed and their histories read again after a restart, newest first', async () => {
    // Prepare
    directory = mkdtempSync(join(tmpdir(), 'sizegate-persist-'));
    const first = await start(directory, new RecordingLogger());
    for (const key of ['one.txt', 'two.txt', 'three.txt']) {
      await first.s3.send(new PutObjectCommand({ Bucket: first.local.bucket, Key: key, Body: key }));
      await first.local.idle();
    }
    const before = await listAllExecutions(first.sfn, first.local.stateMachineArn);
    const histories = await Promise.all(before.map((execution) => historyOf(first.sfn, execution.executionArn!)));
    await first.local.close();

    // Act
    const second = await start(directory, new RecordingLogger());
    const after = await listAllExecutions(second.sfn, second.local.stateMachineArn);

    // Assess
    expect(after).toEqual(before);
    expect(after.map((execution) => execution.name!.split('-')[0])).toEqual(['three.txt', 'two.txt', 'one.txt']);
    for (const [index, execution] of after.entries())
      expect(await historyOf(second.sfn, execution.executionArn!)).toEqual(histories[index]);
  });
});
