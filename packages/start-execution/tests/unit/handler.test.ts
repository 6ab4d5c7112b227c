import { SFNClient, StartExecutionCommand, type StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandler, executionNameFor, type StartExecutionDeps } from '../../src/index.js';
import { eventBridgeEvent, notification, notificationRecord, TEST_EVENT } from '../helpers/events.js';
import { RecordingLogger } from '@sizegate/testing';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:sizegate';
const sfnMock = mockClient(SFNClient);

/** Answers every StartExecution like Step Functions does: an ARN built from the name. */
function answerWithArns(): void {
  sfnMock.on(StartExecutionCommand).callsFake((input: StartExecutionCommandInput) => ({
    executionArn: `arn:aws:states:us-east-1:111122223333:execution:sizegate:${input.name}`,
    startDate: new Date(0),
  }));
}

function startedInputs(): StartExecutionCommandInput[] {
  return sfnMock.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);
}

function build(overrides: Partial<StartExecutionDeps> = {}): { handler: ReturnType<typeof createHandler>; logger: RecordingLogger } {
  const logger = new RecordingLogger();
  const handler = createHandler({ sfn: new SFNClient({ region: 'us-east-1' }), stateMachineArn: STATE_MACHINE_ARN, logger, ...overrides });
  return { handler, logger };
}

beforeEach(() => {
  sfnMock.reset();
  answerWithArns();
});

afterEach(() => {
  sfnMock.reset();
});

describe('start-execution with S3 event notifications', () => {
  it('starts one execution per ObjectCreated record with the decoded key as input', async () => {
    // Prepare
    const { handler } = build();
    const event = notification(
      notificationRecord({ bucket: 'uploads', key: 'in/my+report.csv', versionId: 'v1' }),
      notificationRecord({ bucket: 'uploads', key: 'in/c%2B%2B+notes.txt', eTag: 'etag-2' }),
      notificationRecord({ bucket: 'uploads', key: 'in/100%25.txt', eTag: 'etag-3' }),
      notificationRecord({ bucket: 'uploads', key: 'in/gr%C3%BC%C3%9Fe.txt', eTag: 'etag-4' }),
      notificationRecord({ bucket: 'uploads', key: 'in/..%2F..%2Fsecret', eTag: 'etag-5' }),
    );

    // Act
    const { results } = await handler(event);

    // Assess
    const keys = ['in/my report.csv', 'in/c++ notes.txt', 'in/100%.txt', 'in/grüße.txt', 'in/../../secret'];
    expect(startedInputs().map((input) => JSON.parse(input.input ?? 'null'))).toEqual([
      { bucket: 'uploads', key: keys[0], versionId: 'v1' },
      ...keys.slice(1).map((key) => ({ bucket: 'uploads', key, versionId: null })),
    ]);
    expect(results.map((result) => [result.key, result.status])).toEqual(keys.map((key) => [key, 'started']));
    for (const [index, input] of startedInputs().entries()) {
      expect(input.stateMachineArn).toBe(STATE_MACHINE_ARN);
      expect(input.name).toBe(results[index]!.executionName);
      expect(results[index]!.executionArn).toBe(`arn:aws:states:us-east-1:111122223333:execution:sizegate:${input.name}`);
    }
  });

  it('names each execution from bucket, decoded key and version', async () => {
    // Prepare
    const { handler } = build();

    // Act
    const { results } = await handler(notification(notificationRecord({ bucket: 'uploads', key: 'a+b.txt', versionId: 'v7', eTag: 'x' })));

    // Assess
    expect(results[0]!.executionName).toBe(executionNameFor({ bucket: 'uploads', key: 'a b.txt', versionId: 'v7' }));
  });

  it('skips records that are not ObjectCreated and starts the others', async () => {
    // Prepare
    const { handler, logger } = build();
    const event = notification(
      notificationRecord({ key: 'gone.txt', eventName: 'ObjectRemoved:Delete' }),
      notificationRecord({ key: 'new.txt' }),
    );

    // Act
    const { results } = await handler(event);

    // Assess
    expect(results.map((result) => [result.key, result.status])).toEqual([
      ['gone.txt', 'skipped'],
      ['new.txt', 'started'],
    ]);
    expect(results[0]!.reason).toContain('ObjectRemoved:Delete');
    expect(startedInputs()).toHaveLength(1);
    expect(logger.at('info').find((line) => line.attributes['key'] === 'gone.txt')?.attributes['status']).toBe('skipped');
  });

  it('empty Records → logged no-op, no execution', async () => {
    // Prepare
    const { handler, logger } = build();

    // Act
    const response = await handler({ Records: [] });

    // Assess
    expect(response).toEqual({ results: [] });
    expect(startedInputs()).toHaveLength(0);
    expect(logger.at('info').map((line) => line.message)).toEqual(['Event has no records: nothing to start']);
    expect(logger.at('error')).toHaveLength(0);
  });

  it('starts one execution for duplicate records of the same upload', async () => {
    // Prepare
    const { handler } = build();
    const record = notificationRecord({ key: 'dup.txt', versionId: 'v1' });

    // Act
    const { results } = await handler(notification(record, record));

    // Assess
    expect(startedInputs()).toHaveLength(1);
    expect(results[0]!.executionName).toBe(results[1]!.executionName);
    expect(results.map((result) => result.status)).toEqual(['started', 'already-started']);
    expect(results[1]!.executionArn).toBe(results[0]!.executionArn);
  });

  it('gives a re-delivered event the same execution names', async () => {
    // Prepare
    const { handler } = build();
    const event = notification(
      notificationRecord({ key: 'a.txt', eTag: 'e1' }),
      notificationRecord({ key: 'b.txt', sequencer: 'q', eTag: '' }),
    );

    // Act
    const first = await handler(event);
    const second = await handler(structuredClone(event));

    // Assess
    expect(second.results.map((result) => result.executionName)).toEqual(first.results.map((result) => result.executionName));
  });

  it('keeps processing with a concurrency of 1, in order', async () => {
    // Prepare
    const { handler } = build({ concurrency: 1 });
    const keys = ['1.txt', '2.txt', '3.txt', '4.txt'];

    // Act
    await handler(notification(...keys.map((key) => notificationRecord({ key }))));

    // Assess
    expect(startedInputs().map((input) => JSON.parse(input.input ?? '{}').key)).toEqual(keys);
  });

  it('never has more StartExecution calls in flight than the concurrency', async () => {
    // Prepare
    let inFlight = 0;
    let peak = 0;
    sfnMock.on(StartExecutionCommand).callsFake(async (input: StartExecutionCommandInput) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return { executionArn: `arn:x:${input.name}`, startDate: new Date(0) };
    });
    const { handler } = build({ concurrency: 3 });

    // Act
    const { results } = await handler(
      notification(...Array.from({ length: 10 }, (_, index) => notificationRecord({ key: `k${index}.txt` }))),
    );

    // Assess
    expect(results.every((result) => result.status === 'started')).toBe(true);
    expect(peak).toBe(3);
  });
});

describe('start-execution output-prefix guard', () => {
  it('skips keys under the output prefix in any bucket when no output bucket is set', async () => {
    // Prepare
    const { handler } = build();
    const event = notification(
      notificationRecord({ bucket: 'uploads', key: 'processed/in/a.csv.manifest.json' }),
      notificationRecord({ bucket: 'uploads', key: 'in/processed/a.csv' }),
    );

    // Act
    const { results } = await handler(event);

    // Assess
    expect(results.map((result) => result.status)).toEqual(['skipped', 'started']);
    expect(results[0]!.reason).toContain('"processed/"');
    expect(results[0]!.executionName).toBeNull();
    expect(startedInputs().map((input) => JSON.parse(input.input ?? '{}').key)).toEqual(['in/processed/a.csv']);
  });

  it('skips the output prefix only in the output bucket when one is set', async () => {
    // Prepare
    const { handler } = build({ outputBucket: 'results', outputPrefix: 'out/' });
    const event = notification(
      notificationRecord({ bucket: 'results', key: 'out/a.csv.manifest.json' }),
      notificationRecord({ bucket: 'uploads', key: 'out/a.csv' }),
      notificationRecord({ bucket: 'results', key: 'processed/a.csv' }),
    );

    // Act
    const { results } = await handler(event);

    // Assess
    expect(results.map((result) => [result.bucket, result.key, result.status])).toEqual([
      ['results', 'out/a.csv.manifest.json', 'skipped'],
      ['uploads', 'out/a.csv', 'started'],
      ['results', 'processed/a.csv', 'started'],
    ]);
    expect(results[0]!.reason).toContain('"results"');
  });
});

describe('start-execution with other event shapes', () => {
  it('`s3:TestEvent` → logged no-op, no execution', async () => {
    // Prepare
    const { handler, logger } = build();

    // Act
    const response = await handler(TEST_EVENT);

    // Assess
    expect(response).toEqual({ results: [] });
    expect(startedInputs()).toHaveLength(0);
    expect(logger.at('info').some((line) => line.message.includes('s3:TestEvent'))).toBe(true);
  });

  it('starts an execution for an EventBridge Object Created event, key used as delivered', async () => {
    // Prepare
    const { handler } = build();

    // Act
    const { results } = await handler(eventBridgeEvent({ bucket: 'uploads', key: 'in/a+b c.txt', versionId: 'v3' }));

    // Assess
    expect(JSON.parse(startedInputs()[0]!.input ?? '{}')).toEqual({ bucket: 'uploads', key: 'in/a+b c.txt', versionId: 'v3' });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ bucket: 'uploads', key: 'in/a+b c.txt', versionId: 'v3', status: 'started' });
  });

  it('gives an EventBridge event and a notification of the same upload the same execution name', async () => {
    // Prepare
    const { handler } = build();

    // Act
    const viaEventBridge = await handler(eventBridgeEvent({ key: 'in/a b.txt', etag: 'e1' }));
    const viaNotification = await handler(notification(notificationRecord({ key: 'in/a+b.txt', eTag: 'e1' })));

    // Assess
    expect(viaEventBridge.results[0]!.executionName).toBe(viaNotification.results[0]!.executionName);
  });

  it('skips an EventBridge event that is not Object Created', async () => {
    // Prepare
    const { handler } = build();

    // Act
    const { results } = await handler(eventBridgeEvent({ detailType: 'Object Deleted' }));

    // Assess
    expect(results[0]!.status).toBe('skipped');
    expect(startedInputs()).toHaveLength(0);
  });

  it('starts an execution for a direct input, key exactly as given, matching the quoted HeadObject ETag', async () => {
    // Prepare
    const { handler } = build();

    // Act
    const direct = await handler({ bucket: 'uploads', key: 'in/a+b%20.txt', etag: '"e1"' });
    const fromNotification = executionNameFor({ bucket: 'uploads', key: 'in/a+b%20.txt', etag: 'e1' });

    // Assess
    expect(JSON.parse(startedInputs()[0]!.input ?? '{}')).toEqual({ bucket: 'uploads', key: 'in/a+b%20.txt', versionId: null });
    expect(direct.results[0]!.executionName).toBe(fromNotification);
  });

  it('gives a direct input without version or etag a fresh name each time', async () => {
    // Prepare
    const { handler } = build();

    // Act
    const first = await handler({ bucket: 'uploads', key: 'in/x.txt' });
    const second = await handler({ bucket: 'uploads', key: 'in/x.txt', versionId: null });

    // Assess
    expect(first.results[0]!.status).toBe('started');
    expect(first.results[0]!.executionName).not.toBe(second.results[0]!.executionName);
  });
});

describe('start-execution logging', () => {
  it('logs one line per record with bucket, key, versionId, executionName and status', async () => {
    // Prepare
    const { handler, logger } = build();
    const event = notification(notificationRecord({ key: 'a.txt', versionId: 'v1' }), notificationRecord({ key: 'processed/b.txt' }));

    // Act
    const { results } = await handler(event);

    // Assess
    // Lines come in completion order: the skipped record is logged before the call returns.
    const perRecord = logger.lines.filter((line) => 'status' in line.attributes);
    const byKey = (a: { key?: unknown }, b: { key?: unknown }) => String(a.key).localeCompare(String(b.key));
    expect(perRecord.map((line) => line.attributes).sort(byKey)).toEqual(
      [...results].sort(byKey).map((result) =>
        expect.objectContaining({
          bucket: result.bucket,
          key: result.key,
          versionId: result.versionId,
          executionName: result.executionName,
          status: result.status,
        }),
      ),
    );
  });
});
