import { SFNClient, StartExecutionCommand, type StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import { rejection, RecordingLogger } from '@sizegate/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isValidExecutionName } from '../../src/execution-name.js';
import { createHandler, InvalidEvent, type StartExecutionDeps } from '../../src/index.js';
import { executionAlreadyExists } from '../helpers/errors.js';
import { eventBridgeEvent, notification, notificationRecord } from '../helpers/events.js';

// The event cases S3 and EventBridge can produce: encoded keys, odd keys, bad records in a batch,
// output keys, and duplicate / out-of-order deliveries.
const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:sizegate';
const sfnMock = mockClient(SFNClient);

/** Step Functions as it behaves for names: a name used before answers ExecutionAlreadyExists. */
function behaveLikeStepFunctions(): Set<string> {
  const names = new Set<string>();
  sfnMock.on(StartExecutionCommand).callsFake((input: StartExecutionCommandInput) => {
    if (names.has(input.name!)) throw executionAlreadyExists(input.name!);
    names.add(input.name!);
    return { executionArn: `arn:aws:states:us-east-1:111122223333:execution:sizegate:${input.name}`, startDate: new Date(0) };
  });
  return names;
}

function build(overrides: Partial<StartExecutionDeps> = {}): { handler: ReturnType<typeof createHandler>; logger: RecordingLogger } {
  const logger = new RecordingLogger();
  const handler = createHandler({ sfn: new SFNClient({ region: 'us-east-1' }), stateMachineArn: STATE_MACHINE_ARN, logger, ...overrides });
  return { handler, logger };
}

function startedInputs(): { bucket: string; key: string; versionId: string | null }[] {
  return sfnMock.commandCalls(StartExecutionCommand).map((call) => JSON.parse(call.args[0].input.input ?? 'null'));
}

function startedNames(): string[] {
  return sfnMock.commandCalls(StartExecutionCommand).map((call) => call.args[0].input.name!);
}

beforeEach(() => {
  sfnMock.reset();
  behaveLikeStepFunctions();
});
afterEach(() => sfnMock.reset());

describe('keys in S3 event notifications (URL-encoded)', () => {
  it.each([
    ['`+` = space', 'in/my+file.txt', 'in/my file.txt'],
    ['`%2B` = plus', 'in/c%2B%2B.txt', 'in/c++.txt'],
    ['`%` itself, as %25', 'in/50%25+off.txt', 'in/50% off.txt'],
    ['non-ASCII, as UTF-8 escapes', 'in/%E6%97%A5%E6%9C%AC%F0%9F%93%84.txt', 'in/日本📄.txt'],
    ['keys with `/`', 'a/b/c/d.txt', 'a/b/c/d.txt'],
    ['keys with `..`', 'in/../../etc/passwd', 'in/../../etc/passwd'],
    ['keys with a leading slash (%2F)', '%2Fleading/slash.txt', '/leading/slash.txt'],
    ['keys with a leading slash (left unencoded)', '/raw/leading.txt', '/raw/leading.txt'],
  ])('S3 keys URL-encoded in notifications: %s → one execution for the decoded key, taken literally', async (_case, rawKey, storedKey) => {
    // Prepare
    const { handler } = build();

    // Act
    const { results } = await handler(notification(notificationRecord({ key: rawKey, eTag: 'e1' })));

    // Assess
    expect(startedInputs()).toEqual([{ bucket: 'uploads', key: storedKey, versionId: null }]);
    expect(results[0]).toMatchObject({ key: storedKey, status: 'started' });
    expect(isValidExecutionName(results[0]!.executionName!)).toBe(true);
  });

  it.each([
    ['ASCII', `${'k'.repeat(1_020)}.txt`],
    ['multi-byte UTF-8', `${'ü'.repeat(510)}.txt`],
  ])('1,024-byte keys (%s) → started, with a valid execution name of at most 80 characters', async (_case, storedKey) => {
    // Prepare
    expect(Buffer.byteLength(storedKey, 'utf8')).toBe(1_024);
    const { handler } = build();
    const rawKey = encodeURIComponent(storedKey).replace(/%20/g, '+');

    // Act
    const { results } = await handler(notification(notificationRecord({ key: rawKey, versionId: 'v1' })));

    // Assess
    expect(startedInputs()).toEqual([{ bucket: 'uploads', key: storedKey, versionId: 'v1' }]);
    expect(results[0]!.status).toBe('started');
    expect(results[0]!.executionName!.length).toBeLessThanOrEqual(80);
    expect(isValidExecutionName(results[0]!.executionName!)).toBe(true);
  });
});

describe('keys in EventBridge events (not URL-encoded)', () => {
  it('EventBridge keys (not `+`-encoded) → used exactly as delivered: +, %2B, %25 and non-ASCII are not decoded', async () => {
    // Prepare
    const { handler } = build();
    const key = 'in/a+b %2B %25 grüße.txt';

    // Act
    const { results } = await handler(eventBridgeEvent({ key, versionId: 'v1' }));

    // Assess
    expect(startedInputs()).toEqual([{ bucket: 'uploads', key, versionId: 'v1' }]);
    expect(results[0]).toMatchObject({ key, status: 'started' });
  });
});

describe('bad records in a batch', () => {
  it.each([
    ['a null record', null],
    ['a record without s3', { eventSource: 'aws:s3', eventName: 'ObjectCreated:Put' }],
    ['a record without eventName', { eventSource: 'aws:s3', s3: { bucket: { name: 'uploads' }, object: { key: 'x.txt' } } }],
    ['a record from another service', { eventSource: 'aws:sqs', body: '{}' }],
    ['a record with a malformed key escape', notificationRecord({ key: 'bad%ZZ.txt' })],
  ])(
    'never a crash that drops the other records of a batch: one bad record (%s) and two good ones → both started, the bad one reported invalid',
    async (_case, badRecord) => {
      // Prepare
      const { handler, logger } = build();
      const event = {
        Records: [notificationRecord({ key: 'good1.txt', eTag: 'e1' }), badRecord, notificationRecord({ key: 'good2.txt', eTag: 'e2' })],
      };

      // Act
      const { results } = await handler(event);

      // Assess
      expect(
        startedInputs()
          .map((input) => input.key)
          .sort(),
      ).toEqual(['good1.txt', 'good2.txt']);
      expect(results.map((result) => result.status)).toEqual(['started', 'invalid', 'started']);
      expect(results[1]!.reason).toContain('Records[1]');
      expect(logger.at('error').map((line) => line.attributes?.['status'])).toEqual(['invalid']);
    },
  );

  it.each([
    ['a number', 42],
    ['a string', 'Records'],
    ['an array', [notificationRecord()]],
    ['an empty object', {}],
    ['Records that is not an array', { Records: { s3: {} } }],
    ['an SQS batch', { Records: [{ eventSource: 'aws:sqs', body: '{}' }] }],
  ])('unknown event shapes (%s) → a clear InvalidEvent, logged, no execution', async (_case, event) => {
    // Prepare
    const { handler, logger } = build();

    // Act
    const error = await rejection(handler(event));

    // Assess
    expect(error).toBeInstanceOf(InvalidEvent);
    expect((error as Error).message).toMatch(/^Unsupported event/);
    expect(logger.at('error')).toHaveLength(1);
    expect(startedInputs()).toHaveLength(0);
  });
});

describe('keys under the output prefix never start executions', () => {
  it('keys under the output prefix never start executions (no recursion loop), in every event shape', async () => {
    // Prepare
    const { handler } = build();

    // Act
    const fromNotification = await handler(
      notification(
        notificationRecord({ key: 'processed/in/a.txt.manifest.json', eTag: 'm1' }),
        notificationRecord({ key: 'in/a.txt', eTag: 'a1' }),
      ),
    );
    const fromEventBridge = await handler(eventBridgeEvent({ key: 'processed/in/b.txt.manifest.json' }));
    const fromDirect = await handler({ bucket: 'uploads', key: 'processed/in/c.txt.manifest.json', etag: 'c1' });

    // Assess
    expect(startedInputs().map((input) => input.key)).toEqual(['in/a.txt']);
    expect(fromNotification.results.map((result) => result.status)).toEqual(['skipped', 'started']);
    expect(fromEventBridge.results[0]!.status).toBe('skipped');
    expect(fromDirect.results[0]!.status).toBe('skipped');
  });
});

describe('duplicate and out-of-order notifications', () => {
  it('duplicate and out-of-order notifications → one execution per object version (Step Functions answers ExecutionAlreadyExists)', async () => {
    // Prepare: three versions of one key and another object; S3 delivers them again, reversed
    const { handler } = build();
    const records = [
      notificationRecord({ key: 'in/same.txt', versionId: 'v1', sequencer: '01' }),
      notificationRecord({ key: 'in/same.txt', versionId: 'v2', sequencer: '02' }),
      notificationRecord({ key: 'in/same.txt', versionId: 'v3', sequencer: '03' }),
      notificationRecord({ key: 'in/other.txt', versionId: 'o1', sequencer: '04' }),
    ];

    // Act
    const first = await handler(notification(...records.slice(2).reverse()));
    const second = await handler(notification(...[...records].reverse()));
    const third = await handler(notification(...records.map((record) => structuredClone(record))));

    // Assess
    expect(new Set(startedNames()).size).toBe(4);
    const started = [...first.results, ...second.results, ...third.results].filter((result) => result.status === 'started');
    expect(started.map((result) => `${result.key}@${result.versionId}`).sort()).toEqual([
      'in/other.txt@o1',
      'in/same.txt@v1',
      'in/same.txt@v2',
      'in/same.txt@v3',
    ]);
    expect(third.results.map((result) => result.status)).toEqual(Array(4).fill('already-started'));
  });

  it('duplicate and out-of-order notifications without versioning → one execution per ETag, a repeated ETag none', async () => {
    // Prepare
    const { handler } = build();
    const upload = (eTag: string) => notificationRecord({ key: 'in/overwritten.txt', eTag });

    // Act
    const { results } = await handler(
      notification(upload('etag-2'), upload('etag-1'), upload('etag-2'), upload('etag-3'), upload('etag-1')),
    );

    // Assess
    expect(startedNames()).toHaveLength(3);
    expect(results.map((result) => result.status)).toEqual(['started', 'started', 'already-started', 'started', 'already-started']);
  });
});
