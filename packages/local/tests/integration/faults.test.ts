import { DeleteObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import type { Processor } from '@sizegate/process-file';
import { ConfigurationError } from '@sizegate/types';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime, type StartLocalOptions } from '../../src/index.js';
import { clientsFor, listAllExecutions, waitForExecutionOf } from '../helpers/local-clients.js';
import { readTemplate, S3_IDS, S3_TEMPLATE } from '../helpers/templates.js';

// Fault injection and the time scale, end to end: real SDK clients over HTTP against startLocal,
// the outcome read back with DescribeExecution and GetExecutionHistory, as a user's test would.

const SERVICE_EXCEPTION = 'Lambda.ServiceException';
/** The sizegate definition's Lambda service-error Retry: IntervalSeconds 2, BackoffRate 2, MaxAttempts 6, FULL jitter. */
const RETRY = { intervalMs: 2_000, backoffRate: 2, maxAttempts: 6 };
/**
 * 100x faster. The scale shortens every timeout too: CheckFileSize's 60 s becomes 600 ms, which
 * a cold first HeadObject on a busy machine stays well under (at 0.001, 60 ms, it may not).
 */
const TIME_SCALE = 0.01;

/** Every history event of an execution, each with the name of the state it belongs to. */
async function historyOf(sfn: SFNClient, executionArn: string): Promise<Array<HistoryEvent & { state: string | undefined }>> {
  const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  let state: string | undefined;
  return events.map((event) => {
    state = event.stateEnteredEventDetails?.name ?? state;
    return { ...event, state };
  });
}

const ofState = (events: Awaited<ReturnType<typeof historyOf>>, state: string, type: string) =>
  events.filter((event) => event.state === state && event.type === type);

/** Manifests under `prefix` in the output bucket (ListObjectsV2, one page is plenty here). */
async function manifestKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '');
}

describe('startLocal({ faults, timeScale }): injected Lambda errors meet the definition Retry policy', () => {
  let local: LocalRuntime | undefined;
  let s3: S3Client;
  let sfn: SFNClient;

  async function start(options: StartLocalOptions): Promise<LocalRuntime> {
    local = await startLocal({ port: 0, minSizeBytes: 1, logger: silentLogger, ...options });
    ({ s3, sfn } = clientsFor(local));
    return local;
  }

  afterEach(async () => {
    s3?.destroy();
    sfn?.destroy();
    await local?.close();
    local = undefined;
  });

  it('transient Lambda errors are retried per the definition: ProcessFile:Lambda.ServiceException:2 → two retries then SUCCEEDED', async () => {
    // Prepare
    const runtime = await start({ faults: [{ state: 'ProcessFile', error: SERVICE_EXCEPTION, count: 2 }], timeScale: TIME_SCALE });
    const key = 'faults/transient.txt';

    // Act
    await s3.send(new PutObjectCommand({ Bucket: runtime.bucket, Key: key, Body: 'retried twice, then processed' }));
    const execution = await waitForExecutionOf(sfn, runtime.stateMachineArn, key);
    const events = await historyOf(sfn, execution.executionArn!);

    // Assess: three attempts of ProcessFile, the first two failed with the injected error
    expect(execution.status).toBe('SUCCEEDED');
    const scheduled = ofState(events, 'ProcessFile', 'TaskScheduled');
    const failed = ofState(events, 'ProcessFile', 'TaskFailed');
    expect(scheduled).toHaveLength(3);
    expect(failed.map((event) => event.taskFailedEventDetails?.error)).toEqual([SERVICE_EXCEPTION, SERVICE_EXCEPTION]);
    for (const event of failed) expect(event.taskFailedEventDetails?.cause).toContain('injected by sizegate-local');
    expect(ofState(events, 'ProcessFile', 'TaskSucceeded')).toHaveLength(1);
    expect(ofState(events, 'CheckFileSize', 'TaskFailed')).toHaveLength(0);
    await expect(s3.send(new HeadObjectCommand({ Bucket: runtime.bucket, Key: `processed/${key}.manifest.json` }))).resolves.toBeDefined();
    // Assess: each retry waited at most IntervalSeconds × BackoffRate^n × timeScale (20 ms, 40 ms)
    // on the real clock, plus scheduling slack; unscaled, FULL jitter would draw from 0–2 s and 0–4 s.
    for (const [retry, failure] of failed.entries()) {
      const next = scheduled[retry + 1]!;
      const waitedMs = next.timestamp!.getTime() - failure.timestamp!.getTime();
      expect(waitedMs).toBeGreaterThanOrEqual(0);
      expect(waitedMs).toBeLessThan(RETRY.intervalMs * RETRY.backoffRate ** retry * TIME_SCALE + 100);
    }
    expect(execution.stopDate!.getTime() - execution.startDate!.getTime()).toBeLessThan(1_000);
  });

  it('a fault COUNT above the Retry MaxAttempts → execution FAILED with that error', async () => {
    // Prepare: MaxAttempts 6 retries = 7 attempts; all of them fail
    const runtime = await start({ faults: [{ state: 'ProcessFile', error: SERVICE_EXCEPTION, count: RETRY.maxAttempts + 2 }], timeScale: TIME_SCALE });
    const key = 'faults/exhausted.txt';

    // Act
    await s3.send(new PutObjectCommand({ Bucket: runtime.bucket, Key: key, Body: 'never processed' }));
    const execution = await waitForExecutionOf(sfn, runtime.stateMachineArn, key);
    const events = await historyOf(sfn, execution.executionArn!);

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe(SERVICE_EXCEPTION);
    expect(execution.cause).toContain('injected by sizegate-local');
    expect(execution.cause).toContain(`--fault ProcessFile:${SERVICE_EXCEPTION}:${RETRY.maxAttempts + 2}`);
    expect(ofState(events, 'ProcessFile', 'TaskFailed')).toHaveLength(RETRY.maxAttempts + 1);
    expect(ofState(events, 'ProcessFile', 'TaskSucceeded')).toHaveLength(0);
    expect(events.at(-1)?.executionFailedEventDetails).toMatchObject({ error: SERVICE_EXCEPTION });
    expect(await manifestKeys(s3, runtime.bucket, `processed/${key}`)).toEqual([]);
  });

  it.each([
    [2, 'SUCCEEDED'],
    [3, 'FAILED'],
  ] as const)('a transient read failure is retried by its own retrier (MaxAttempts 2): ProcessFile:ObjectReadFailed:%i → %s', async (count, status) => {
    // Prepare
    const runtime = await start({ faults: [{ state: 'ProcessFile', error: 'ObjectReadFailed', count }], timeScale: TIME_SCALE });
    const key = `faults/read-failed-${count}.txt`;

    // Act
    await s3.send(new PutObjectCommand({ Bucket: runtime.bucket, Key: key, Body: 'read on the third attempt, if allowed' }));
    const execution = await waitForExecutionOf(sfn, runtime.stateMachineArn, key);
    const events = await historyOf(sfn, execution.executionArn!);

    // Assess: at most 3 attempts (2 retries), the failed ones with the injected error
    expect(execution.status).toBe(status);
    expect(ofState(events, 'ProcessFile', 'TaskScheduled')).toHaveLength(3);
    expect(ofState(events, 'ProcessFile', 'TaskFailed').map((event) => event.taskFailedEventDetails?.error)).toEqual(Array(count).fill('ObjectReadFailed'));
    if (status === 'FAILED') expect(execution.error).toBe('ObjectReadFailed');
    expect(await manifestKeys(s3, runtime.bucket, `processed/${key}`)).toHaveLength(status === 'SUCCEEDED' ? 1 : 0);
  });

  it('a fault on CheckFileSize is retried per its Retry, then the execution goes on', async () => {
    // Prepare
    const runtime = await start({ faults: [{ state: 'CheckFileSize', error: 'Lambda.TooManyRequestsException', count: 1 }], timeScale: TIME_SCALE });
    const key = 'faults/check.txt';

    // Act
    await s3.send(new PutObjectCommand({ Bucket: runtime.bucket, Key: key, Body: 'sized on the second attempt' }));
    const execution = await waitForExecutionOf(sfn, runtime.stateMachineArn, key);
    const events = await historyOf(sfn, execution.executionArn!);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(ofState(events, 'CheckFileSize', 'TaskFailed').map((event) => event.taskFailedEventDetails?.error)).toEqual(['Lambda.TooManyRequestsException']);
    expect(ofState(events, 'CheckFileSize', 'TaskScheduled')).toHaveLength(2);
    expect(ofState(events, 'ProcessFile', 'TaskScheduled')).toHaveLength(1);
    expect(JSON.parse(execution.output!)).toMatchObject({ key, size: 'sized on the second attempt'.length });
  });

  it('a fault with an error the Retry does not list (Custom.Error) → not retried, execution FAILED', async () => {
    // Prepare
    const runtime = await start({ faults: [{ state: 'ProcessFile', error: 'Custom.Error', count: 1 }], timeScale: TIME_SCALE });
    const key = 'faults/custom.txt';

    // Act
    await s3.send(new PutObjectCommand({ Bucket: runtime.bucket, Key: key, Body: 'not retried' }));
    const execution = await waitForExecutionOf(sfn, runtime.stateMachineArn, key);
    const events = await historyOf(sfn, execution.executionArn!);

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Custom.Error');
    expect(execution.cause).toContain('injected by sizegate-local');
    expect(ofState(events, 'ProcessFile', 'TaskScheduled')).toHaveLength(1);
    expect(ofState(events, 'ProcessFile', 'TaskFailed')).toHaveLength(1);
    expect(await manifestKeys(s3, runtime.bucket, `processed/${key}`)).toEqual([]);
  });

  it('a task that exceeds TimeoutSeconds fails with States.Timeout', async () => {
    // Prepare: a processor that stalls until the test lets it go, in the fixture stack with
    // ProcessFile TimeoutSeconds 1: at timeScale 0.05 that is 50 ms (CheckFileSize's 60 s, 3 s)
    const timeScale = 0.05;
    let release: (reason: Error) => void = () => undefined;
    const stalled = new Promise<never>((_, reject) => (release = reject));
    stalled.catch(() => undefined);
    const staller: Processor = { name: 'staller', start: () => stalled };
    const template = fixtureTemplate((definition) => definition.replaceAll('"TimeoutSeconds":900', '"TimeoutSeconds":1'));
    const runtime = await start({ template, minSizeBytes: undefined, processors: [staller], timeScale });
    const key = 'incoming/slow.bin';

    try {
      // Act
      const begun = Date.now();
      await s3.send(new PutObjectCommand({ Bucket: runtime.bucket, Key: key, Body: randomBytes(1024) }));
      const execution = await waitForExecutionOf(sfn, runtime.stateMachineArn, key);
      const testTimeMs = Date.now() - begun;
      const events = await historyOf(sfn, execution.executionArn!);

      // Assess: the engine's own timeout fired (TaskTimedOut), at the scaled time on the real clock
      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe('States.Timeout');
      const timedOut = ofState(events, 'ProcessFile', 'TaskTimedOut');
      expect(timedOut).toHaveLength(1);
      expect(timedOut[0]?.taskTimedOutEventDetails?.error).toBe('States.Timeout');
      const started = ofState(events, 'ProcessFile', 'TaskStarted')[0]!;
      const timeoutMs = 1 * 1000 * timeScale;
      const ranMs = timedOut[0]!.timestamp!.getTime() - started.timestamp!.getTime();
      expect(ranMs).toBeGreaterThanOrEqual(timeoutMs - 20);
      expect(ranMs).toBeLessThan(timeoutMs + 400);
      expect(testTimeMs).toBeLessThan(1_000);
    } finally {
      release(new Error('released by the test'));
    }
    await runtime.idle();
    expect(await manifestKeys(s3, runtime.bucket, `reports/manifests/${key}`)).toEqual([]);
  });

  it('rejects faults for states the definition lacks, non-Task states and bad counts, listing every problem', async () => {
    // Act
    const rejected = await startLocal({
      port: 0,
      logger: silentLogger,
      faults: [
        { state: 'NoSuchState', error: SERVICE_EXCEPTION, count: 1 },
        { state: 'ChoiceState', error: SERVICE_EXCEPTION, count: 1 },
        { state: 'ProcessFile', error: SERVICE_EXCEPTION, count: 0 },
        { state: 'ProcessFile', error: 'States.Timeout', count: 1 },
      ],
    }).then(
      async (runtime) => {
        await runtime.close();
        return undefined;
      },
      (error: unknown) => error,
    );

    // Assess
    expect(rejected).toBeInstanceOf(ConfigurationError);
    const message = (rejected as Error).message;
    expect(message).toContain('"NoSuchState"');
    expect(message).toContain('"ChoiceState" is a Choice state');
    expect(message).toContain('count must be an integer >= 1 (got 0)');
    expect(message).toContain('States.* errors');
    expect(message).toContain('CheckFileSize, ProcessFile');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects timeScale %s', async (timeScale) => {
    // Act
    const rejected = await startLocal({ port: 0, logger: silentLogger, timeScale }).then(
      async (runtime) => {
        await runtime.close();
        return undefined;
      },
      (error: unknown) => error,
    );

    // Assess
    expect(rejected).toBeInstanceOf(ConfigurationError);
    expect((rejected as Error).message).toContain('timeScale');
  });
});

/**
 * The SizeGate fixture stack (threshold 1024 bytes, uploads under incoming/, manifests under
 * reports/manifests/), its definition text changed by `edit`.
 */
function fixtureTemplate(edit: (definitionText: string) => string): object {
  const template = readTemplate(S3_TEMPLATE);
  const join = template.Resources[S3_IDS.stateMachine].Properties.DefinitionString['Fn::Join'];
  join[1] = (join[1] as unknown[]).map((part) => (typeof part === 'string' ? edit(part) : part));
  return template;
}

/**
 * The fixture stack with a fixed 1 s Retry interval (no jitter): the window in which the test
 * changes the object after ProcessFile's first (injected) failure, before its retry.
 */
const templateWithFixedRetryInterval = () =>
  fixtureTemplate((definition) => definition.replaceAll(',"JitterStrategy":"FULL"', '').replaceAll('"IntervalSeconds":2', '"IntervalSeconds":1'));

describe('startLocal({ template, faults }) at time scale 1: the object changes while ProcessFile waits for its retry', () => {
  let local: LocalRuntime;
  let s3: S3Client;
  let sfn: SFNClient;
  const manifestPrefix = 'reports/manifests/';

  beforeAll(async () => {
    local = await startLocal({
      port: 0,
      template: templateWithFixedRetryInterval(),
      faults: [{ state: 'ProcessFile', error: SERVICE_EXCEPTION, count: 1 }],
      logger: silentLogger,
    });
    ({ s3, sfn } = clientsFor(local));
  });

  afterAll(async () => {
    s3?.destroy();
    sfn?.destroy();
    await local?.close();
  });

  /** Waits (bounded) until the execution for `key` has ProcessFile's first failed attempt in its history. */
  async function afterFirstProcessFileFailure(key: string): Promise<string> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      for (const item of await listAllExecutions(sfn, local.stateMachineArn)) {
        const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }));
        if (JSON.parse(execution.input ?? '{}').key !== key) continue;
        const events = await historyOf(sfn, item.executionArn!);
        if (ofState(events, 'ProcessFile', 'TaskFailed').length > 0) {
          // Still inside the 1 s retry window: ProcessFile ran once and nothing came after.
          expect(ofState(events, 'ProcessFile', 'TaskScheduled')).toHaveLength(1);
          return item.executionArn!;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`ProcessFile of "${key}" did not fail its first attempt within 10 s`);
  }

  /** The errorMessage of a failed Lambda invoke (the cause is the Lambda error document). */
  const errorMessageOf = (cause: string | undefined): string => (JSON.parse(cause ?? '{}') as { errorMessage?: string }).errorMessage ?? '';

  it('object overwritten between CheckFileSize and ProcessFile → ObjectChanged, never a manifest for the wrong bytes', async () => {
    // Prepare: an object over the threshold, sized by CheckFileSize; ProcessFile's first attempt fails
    const key = 'incoming/overwritten.bin';
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: randomBytes(2048) }));
    const executionArn = await afterFirstProcessFileFailure(key);

    // Act: overwrite it inside the retry window (with bytes under the threshold, so the upload's
    // own execution writes no manifest either and any manifest would be for the sized bytes)
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: 'now small' }));
    await local.idle();
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ObjectChanged');
    expect(errorMessageOf(execution.cause)).toContain(`bucket "${local.bucket}"`);
    expect(errorMessageOf(execution.cause)).toContain(`key "${key}"`);
    const events = await historyOf(sfn, executionArn);
    expect(ofState(events, 'ProcessFile', 'TaskFailed').map((event) => event.taskFailedEventDetails?.error)).toEqual([SERVICE_EXCEPTION, 'ObjectChanged']);
    expect(await manifestKeys(s3, local.bucket, `${manifestPrefix}${key}`)).toEqual([]);
  });

  it('object deleted between CheckFileSize and ProcessFile → ObjectNotFound, no manifest written', async () => {
    // Prepare
    const key = 'incoming/deleted.bin';
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: randomBytes(2048) }));
    const executionArn = await afterFirstProcessFileFailure(key);

    // Act
    await s3.send(new DeleteObjectCommand({ Bucket: local.bucket, Key: key }));
    await local.idle();
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ObjectNotFound');
    expect(errorMessageOf(execution.cause)).toContain(`bucket "${local.bucket}"`);
    expect(errorMessageOf(execution.cause)).toContain(`key "${key}"`);
    const events = await historyOf(sfn, executionArn);
    expect(ofState(events, 'ProcessFile', 'TaskFailed').map((event) => event.taskFailedEventDetails?.error)).toEqual([SERVICE_EXCEPTION, 'ObjectNotFound']);
    expect(await manifestKeys(s3, local.bucket, `${manifestPrefix}${key}`)).toEqual([]);
  });
});
