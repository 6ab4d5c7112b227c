import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Processor } from '@sizegate/process-file';
import { ConfigurationError } from '@sizegate/types';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime, type StartLocalOptions } from '../../src/index.js';
import { fixtureTemplate, historyOf, manifestKeys, ofState, withoutJitter } from '../helpers/fault-history.js';
import { clientsFor, waitForExecutionOf } from '../helpers/local-clients.js';

// Fault injection and the time scale, end to end: real SDK clients over HTTP against startLocal,
// the outcome read back with DescribeExecution and GetExecutionHistory, as a user's test would.
// Timings are read from the history's timestamps and bounded only to prove the time scale: each
// wait is at least its scaled value and far below its unscaled one, however busy the machine.
// (The object changing while ProcessFile retries: faults-object-races.test.ts.)

const SERVICE_EXCEPTION = 'Lambda.ServiceException';
/** The sizegate definition's Lambda service-error Retry: IntervalSeconds 2, BackoffRate 2, MaxAttempts 6, FULL jitter. */
const RETRY = { intervalMs: 2_000, backoffRate: 2, maxAttempts: 6 };
/**
 * 100x faster. The scale shortens every timeout too: CheckFileSize's 60 s becomes 600 ms, which
 * a cold first HeadObject on a busy machine stays well under (at 0.001, 60 ms, it may not).
 */
const TIME_SCALE = 0.01;
/**
 * What a wait measured from history timestamps may come out short by: Node timers count whole
 * milliseconds, and the history's epoch seconds with a fraction round to a millisecond again.
 */
const TIMER_SLACK_MS = 2;

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
  });

  it('retry waits follow IntervalSeconds × BackoffRate^n: at timeScale 0.05 the history shows 2, 4, 8 s (as AWS records them) and the run takes a fraction of that', async () => {
    // Prepare: the fixture stack without jitter, so each wait is exactly its interval
    const timeScale = 0.05;
    const faults = [{ state: 'ProcessFile', error: SERVICE_EXCEPTION, count: 3 }];
    const runtime = await start({ template: fixtureTemplate(withoutJitter), minSizeBytes: undefined, faults, timeScale });
    const key = 'incoming/backoff.bin';
    const started = Date.now();

    // Act
    await s3.send(new PutObjectCommand({ Bucket: runtime.bucket, Key: key, Body: randomBytes(2048) }));
    const execution = await waitForExecutionOf(sfn, runtime.stateMachineArn, key);
    const wallMs = Date.now() - started;
    const events = await historyOf(sfn, execution.executionArn!);

    // Assess: three injected failures, each followed by the next attempt after its retry wait
    expect(execution.status).toBe('SUCCEEDED');
    const failed = ofState(events, 'ProcessFile', 'TaskFailed');
    const scheduled = ofState(events, 'ProcessFile', 'TaskScheduled');
    expect(failed.map((event) => event.taskFailedEventDetails?.error)).toEqual([SERVICE_EXCEPTION, SERVICE_EXCEPTION, SERVICE_EXCEPTION]);
    expect(scheduled).toHaveLength(4);
    const waitedMs = failed.map((failure, retry) => scheduled[retry + 1]!.timestamp!.getTime() - failure.timestamp!.getTime());
    const unscaledMs = waitedMs.map((_, retry) => RETRY.intervalMs * RETRY.backoffRate ** retry);
    // The history is the execution's clock: each wait at its full interval (less the millisecond
    // rounding of TIMER_SLACK_MS), so the back-off doubles each time as AWS would record it.
    for (const [retry, waited] of waitedMs.entries())
      expect(waited, `retry ${retry + 1}`).toBeGreaterThanOrEqual(unscaledMs[retry]! - TIMER_SLACK_MS);
    // The wall clock: the 14 s of waits took 0.7 s; half the unscaled total proves the scaling,
    // not the speed of the machine.
    expect(wallMs).toBeLessThan(unscaledMs.reduce((sum, ms) => sum + ms, 0) / 2);
  });

  it('a fault COUNT above the Retry MaxAttempts → execution FAILED with that error', async () => {
    // Prepare: MaxAttempts 6 retries = 7 attempts; all of them fail
    const runtime = await start({
      faults: [{ state: 'ProcessFile', error: SERVICE_EXCEPTION, count: RETRY.maxAttempts + 2 }],
      timeScale: TIME_SCALE,
    });
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
  ] as const)(
    'a transient read failure is retried by its own retrier (MaxAttempts 2): ProcessFile:ObjectReadFailed:%i → %s',
    async (count, status) => {
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
      expect(ofState(events, 'ProcessFile', 'TaskFailed').map((event) => event.taskFailedEventDetails?.error)).toEqual(
        Array(count).fill('ObjectReadFailed'),
      );
      if (status === 'FAILED') expect(execution.error).toBe('ObjectReadFailed');
      expect(await manifestKeys(s3, runtime.bucket, `processed/${key}`)).toHaveLength(status === 'SUCCEEDED' ? 1 : 0);
    },
  );

  it('a fault on CheckFileSize is retried per its Retry, then the execution goes on', async () => {
    // Prepare
    const runtime = await start({
      faults: [{ state: 'CheckFileSize', error: 'Lambda.TooManyRequestsException', count: 1 }],
      timeScale: TIME_SCALE,
    });
    const key = 'faults/check.txt';

    // Act
    await s3.send(new PutObjectCommand({ Bucket: runtime.bucket, Key: key, Body: 'sized on the second attempt' }));
    const execution = await waitForExecutionOf(sfn, runtime.stateMachineArn, key);
    const events = await historyOf(sfn, execution.executionArn!);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(ofState(events, 'CheckFileSize', 'TaskFailed').map((event) => event.taskFailedEventDetails?.error)).toEqual([
      'Lambda.TooManyRequestsException',
    ]);
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

  it('a task that exceeds TimeoutSeconds fails with States.Timeout: after the scaled timeout in wall time, the full one in the history', async () => {
    // Prepare: a processor that stalls until the test lets it go, in the fixture stack with
    // ProcessFile TimeoutSeconds 10: at timeScale 0.05 that is 500 ms (CheckFileSize's 60 s, 3 s)
    const timeScale = 0.05;
    const timeoutSeconds = 10;
    let release: (reason: Error) => void = () => undefined;
    const stalled = new Promise<never>((_, reject) => (release = reject));
    stalled.catch(() => undefined);
    const staller: Processor = { name: 'staller', start: () => stalled };
    const template = fixtureTemplate((definition) => definition.replaceAll('"TimeoutSeconds":900', `"TimeoutSeconds":${timeoutSeconds}`));
    const runtime = await start({ template, minSizeBytes: undefined, processors: [staller], timeScale });
    const key = 'incoming/slow.bin';
    const started = Date.now();

    try {
      // Act
      await s3.send(new PutObjectCommand({ Bucket: runtime.bucket, Key: key, Body: randomBytes(1024) }));
      const execution = await waitForExecutionOf(sfn, runtime.stateMachineArn, key);
      const wallMs = Date.now() - started;
      const events = await historyOf(sfn, execution.executionArn!);

      // Assess: the engine's own timeout fired (TaskTimedOut, then ExecutionFailed States.Timeout)
      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe('States.Timeout');
      const timedOut = ofState(events, 'ProcessFile', 'TaskTimedOut');
      expect(timedOut).toHaveLength(1);
      expect(timedOut[0]?.taskTimedOutEventDetails?.error).toBe('States.Timeout');
      expect(ofState(events, 'ProcessFile', 'TaskSucceeded')).toHaveLength(0);
      expect(events.at(-1)).toMatchObject({ type: 'ExecutionFailed', executionFailedEventDetails: { error: 'States.Timeout' } });
      // Assess: the history shows the timeout as written (10 s from the state's entry, as AWS
      // records it); the wall clock took a fraction: below half the unscaled 10 s proves the
      // scaling, however fast the machine is.
      const entered = ofState(events, 'ProcessFile', 'TaskStateEntered')[0]!;
      const ranMs = timedOut[0]!.timestamp!.getTime() - entered.timestamp!.getTime();
      expect(ranMs).toBeGreaterThanOrEqual(timeoutSeconds * 1000 - TIMER_SLACK_MS);
      expect(wallMs).toBeLessThan((timeoutSeconds * 1000) / 2);
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
