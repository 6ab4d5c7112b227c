import { ObjectChanged, ObjectReadFailed } from '@sizegate/types';
import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../src/index.js';
import { runWorkflow } from '../helpers/run-workflow.js';

// The ObjectReadFailed retrier on sizegate's Step Functions service (@sizegate/sfn-local), with
// stand-in Lambdas that fail as the handlers do. The service's time scale makes the waits between
// attempts a thousandth of the definition's; how often a task is retried is the definition's.
const definition = buildDefinition({ minSizeBytes: 1 });
const input = { bucket: 'incoming', key: 'uploads/report.csv', versionId: null };
const sized = { ...input, size: 10, etag: '"e"' };
const manifest = { sha256: 'x' };
const noWaits = { timeScale: 0.001 };

/** A stand-in Lambda failing with `makeError()` on its first `failures` calls, then answering `result`. */
function failing(failures: number, makeError: () => Error, result: unknown = manifest) {
  const stub = async () => {
    stub.calls++;
    if (stub.calls <= failures) throw makeError();
    return result;
  };
  stub.calls = 0;
  return stub;
}

const readFailed = () => new ObjectReadFailed('Reading the object failed mid-way (TimeoutError: socket timed out)', input);
const serviceException = () => Object.assign(new Error('Rate exceeded'), { name: 'Lambda.ServiceException' });

describe('ObjectReadFailed is retried twice, then fails the execution', () => {
  it('ProcessFile failing with ObjectReadFailed every time → 3 attempts (2 retries), then FAILED with ObjectReadFailed naming bucket/key', async () => {
    // Prepare
    const processFile = failing(Infinity, readFailed);

    // Act
    const run = await runWorkflow(definition, input, { CheckFileSize: async () => sized, ProcessFile: processFile }, noWaits);

    // Assess
    expect(processFile.calls).toBe(3);
    expect(run.retries).toEqual({ ProcessFile: 2 });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('ObjectReadFailed');
    expect(run.path).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile']);
    const cause = JSON.parse(String(run.cause)) as { errorType: string; errorMessage: string };
    expect(cause.errorType).toBe('ObjectReadFailed');
    expect(cause.errorMessage).toContain('(bucket "incoming", key "uploads/report.csv")');
  });

  it('CheckFileSize failing with ObjectReadFailed every time → 3 attempts, then FAILED before ChoiceState', async () => {
    // Prepare
    const checkFileSize = failing(Infinity, readFailed);
    const processFile = failing(0, readFailed);

    // Act
    const run = await runWorkflow(definition, input, { CheckFileSize: checkFileSize, ProcessFile: processFile }, noWaits);

    // Assess
    expect(checkFileSize.calls).toBe(3);
    expect(processFile.calls).toBe(0);
    expect(run.retries).toEqual({ CheckFileSize: 2 });
    expect(run).toMatchObject({ status: 'FAILED', error: 'ObjectReadFailed', path: ['CheckFileSize'] });
  });

  it.each([
    ['CheckFileSize', 1],
    ['CheckFileSize', 2],
    ['ProcessFile', 1],
    ['ProcessFile', 2],
  ] as const)('%s failing with ObjectReadFailed %i time(s), then answering → SUCCEEDED', async (state, failures) => {
    // Prepare
    const handlers = {
      CheckFileSize: state === 'CheckFileSize' ? failing(failures, readFailed, sized) : failing(0, readFailed, sized),
      ProcessFile: state === 'ProcessFile' ? failing(failures, readFailed) : failing(0, readFailed),
    };

    // Act
    const run = await runWorkflow(definition, input, handlers, noWaits);

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(handlers[state].calls).toBe(failures + 1);
    expect(run.retries).toEqual({ [state]: failures });
    expect(run.path).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']);
  });

  it('counts its attempts apart from the Lambda service-error retrier: 3 service errors then 2 read failures still succeed', async () => {
    // Prepare
    let calls = 0;
    const processFile = async () => {
      calls++;
      if (calls <= 3) throw serviceException();
      if (calls <= 5) throw readFailed();
      return manifest;
    };

    // Act
    const run = await runWorkflow(definition, input, { CheckFileSize: async () => sized, ProcessFile: processFile }, noWaits);

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(calls).toBe(6);
    expect(run.retries).toEqual({ ProcessFile: 5 });
  });

  it('another handler error (ObjectChanged) is not retried: 1 attempt, FAILED', async () => {
    // Prepare
    const processFile = failing(Infinity, () => new ObjectChanged('Object changed since it was sized', input));

    // Act
    const run = await runWorkflow(definition, input, { CheckFileSize: async () => sized, ProcessFile: processFile }, noWaits);

    // Assess
    expect(processFile.calls).toBe(1);
    expect(run.retries).toEqual({});
    expect(run).toMatchObject({ status: 'FAILED', error: 'ObjectChanged' });
  });

  it('readRetry { maxAttempts: 0 } turns the retry off: 1 attempt, FAILED with ObjectReadFailed', async () => {
    // Prepare
    const noReadRetry = buildDefinition({ minSizeBytes: 1, readRetry: { maxAttempts: 0 } });
    const processFile = failing(Infinity, readFailed);

    // Act
    const run = await runWorkflow(noReadRetry, input, { CheckFileSize: async () => sized, ProcessFile: processFile }, noWaits);

    // Assess
    expect(processFile.calls).toBe(1);
    expect(run).toMatchObject({ status: 'FAILED', error: 'ObjectReadFailed' });
  });
});

describe('ObjectReadFailed retry timing', () => {
  it('waits IntervalSeconds before the first retry (readRetry { intervalSeconds: 1 }: at least 1 s)', async () => {
    // Prepare: no time scale, so the service waits as the definition says
    const oneSecond = buildDefinition({ minSizeBytes: 1, readRetry: { intervalSeconds: 1, maxAttempts: 1 } });
    const attemptsAt: number[] = [];
    const processFile = async () => {
      attemptsAt.push(performance.now());
      throw readFailed();
    };

    // Act
    const run = await runWorkflow(oneSecond, input, { CheckFileSize: async () => sized, ProcessFile: processFile });

    // Assess
    expect(run.status).toBe('FAILED');
    expect(attemptsAt).toHaveLength(2);
    expect(attemptsAt[1]! - attemptsAt[0]!).toBeGreaterThanOrEqual(990);
  });
});
