import { ManifestWriteFailed, ManifestWriteThrottled, ObjectReadFailed } from '@sizegate/types';
import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../src/index.js';
import { runWorkflow } from '../helpers/run-workflow.js';

// The ManifestWriteThrottled retrier on sizegate's Step Functions service (@sizegate/sfn-local),
// with a stand-in ProcessFile that fails as process-file does when the manifest's PutObject is
// throttled (transient) or refused for good (permanent). The time scale makes the waits a
// thousandth of the definition's (full jitter keeps them at most that); the attempts are the definition's.
const definition = buildDefinition({ minSizeBytes: 1 });
const input = { bucket: 'incoming', key: 'uploads/report.csv', versionId: null };
const sized = { ...input, size: 10, etag: '"e"' };
const manifest = { sha256: 'x' };
const noWaits = { timeScale: 0.001 };
const manifestLocation = { bucket: 'incoming', key: 'processed/uploads/report.csv.manifest.json' };

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

const throttled = () =>
  new ManifestWriteThrottled(
    'Cannot write the manifest for now: PutObject failed with HTTP 503 (SlowDown: Please reduce your request rate.)',
    {
      ...manifestLocation,
    },
  );
const refused = () =>
  new ManifestWriteFailed('Cannot write the manifest: PutObject failed with HTTP 400 (InvalidArgument: Invalid Argument)', {
    ...manifestLocation,
  });
const readFailed = () => new ObjectReadFailed('Reading the object failed mid-way (TimeoutError: socket timed out)', input);

describe('ManifestWriteThrottled is retried three times with back-off; ManifestWriteFailed fails at once', () => {
  it('ProcessFile throttled every time → 4 attempts (3 retries), then FAILED with ManifestWriteThrottled naming the manifest', async () => {
    // Prepare
    const processFile = failing(Infinity, throttled);

    // Act
    const run = await runWorkflow(definition, input, { CheckFileSize: async () => sized, ProcessFile: processFile }, noWaits);

    // Assess
    expect(processFile.calls).toBe(4);
    expect(run.retries).toEqual({ ProcessFile: 3 });
    expect(run).toMatchObject({ status: 'FAILED', error: 'ManifestWriteThrottled', path: ['CheckFileSize', 'ChoiceState', 'ProcessFile'] });
    const cause = JSON.parse(String(run.cause)) as { errorType: string; errorMessage: string };
    expect(cause.errorType).toBe('ManifestWriteThrottled');
    expect(cause.errorMessage).toContain('(bucket "incoming", key "processed/uploads/report.csv.manifest.json")');
  });

  it.each([1, 2, 3])('ProcessFile throttled %i time(s), then writing → SUCCEEDED via NotifyOk', async (failures) => {
    // Prepare
    const processFile = failing(failures, throttled);

    // Act
    const run = await runWorkflow(definition, input, { CheckFileSize: async () => sized, ProcessFile: processFile }, noWaits);

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(processFile.calls).toBe(failures + 1);
    expect(run.retries).toEqual({ ProcessFile: failures });
    expect(run.path).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']);
    expect(run.output).toMatchObject({ Message: 'File processed OK', manifest });
  });

  it('ManifestWriteFailed (a permanent refusal) is not retried: 1 attempt, FAILED with it', async () => {
    // Prepare
    const processFile = failing(Infinity, refused);

    // Act
    const run = await runWorkflow(definition, input, { CheckFileSize: async () => sized, ProcessFile: processFile }, noWaits);

    // Assess
    expect(processFile.calls).toBe(1);
    expect(run.retries).toEqual({});
    expect(run).toMatchObject({ status: 'FAILED', error: 'ManifestWriteFailed' });
  });

  it('counts its attempts apart from the ObjectReadFailed retrier: 2 read failures then 3 throttled writes still succeed', async () => {
    // Prepare
    let calls = 0;
    const processFile = async () => {
      calls++;
      if (calls <= 2) throw readFailed();
      if (calls <= 5) throw throttled();
      return manifest;
    };

    // Act
    const run = await runWorkflow(definition, input, { CheckFileSize: async () => sized, ProcessFile: processFile }, noWaits);

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(calls).toBe(6);
    expect(run.retries).toEqual({ ProcessFile: 5 });
  });

  it('manifestWriteRetry { maxAttempts: 0 } turns the retry off: 1 attempt, FAILED with ManifestWriteThrottled', async () => {
    // Prepare
    const noWriteRetry = buildDefinition({ minSizeBytes: 1, manifestWriteRetry: { maxAttempts: 0 } });
    const processFile = failing(Infinity, throttled);

    // Act
    const run = await runWorkflow(noWriteRetry, input, { CheckFileSize: async () => sized, ProcessFile: processFile }, noWaits);

    // Assess
    expect(processFile.calls).toBe(1);
    expect(run).toMatchObject({ status: 'FAILED', error: 'ManifestWriteThrottled' });
  });
});
