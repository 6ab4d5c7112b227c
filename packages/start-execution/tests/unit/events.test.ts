import { InvalidEvent } from '@sizegate/types';
import { describe, expect, it } from 'vitest';
import { decodeNotificationKey, parseEvent, type ParsedRecord } from '../../src/events.js';
import { eventBridgeEvent, notification, notificationRecord, TEST_EVENT } from '../helpers/events.js';

function onlyRecord(event: unknown): ParsedRecord {
  const { records } = parseEvent(event);
  expect(records).toHaveLength(1);
  return records[0]!;
}

describe('decodeNotificationKey', () => {
  it.each([
    ['a space written as +', 'my+report+2024.csv', 'my report 2024.csv'],
    ['a literal plus written as %2B', 'c%2B%2B/notes%2Bdraft.txt', 'c++/notes+draft.txt'],
    ['a space and a literal plus together', 'a+%2B+b.txt', 'a + b.txt'],
    ['a literal percent written as %25', '100%25+done/%2520.txt', '100% done/%20.txt'],
    ['non-ASCII UTF-8 bytes', 'gr%C3%BC%C3%9Fe/%E6%97%A5%E6%9C%AC.txt', 'grüße/日本.txt'],
    ['slashes kept, encoded or not', 'a/b%2Fc/d.txt', 'a/b/c/d.txt'],
    ['dot-dot segments kept as they are', 'in/..%2F..%2Fetc/passwd', 'in/../../etc/passwd'],
    ['reserved characters', 'x%3Dy%3A1%26z%3B.txt', 'x=y:1&z;.txt'],
  ])('decodes %s', (_case, raw, decoded) => {
    // Act
    const key = decodeNotificationKey(raw);

    // Assess
    expect(key).toBe(decoded);
  });

  it('throws URIError on a malformed escape', () => {
    // Act / Assess
    expect(() => decodeNotificationKey('bad%E0%A4%A.txt')).toThrow(URIError);
  });
});

describe('parseEvent: S3 event notifications', () => {
  it('reads every record, decoding keys and keeping versionId, eTag and sequencer', () => {
    // Prepare
    const event = notification(
      notificationRecord({ bucket: 'b1', key: 'dir/my+file.txt', versionId: 'v1', eTag: 'e1', sequencer: 's1' }),
      notificationRecord({ bucket: 'b2', key: 'x%2By.bin', eTag: 'e2', sequencer: 's2' }),
    );

    // Act
    const parsed = parseEvent(event);

    // Assess
    expect(parsed.source).toBe('s3-notification');
    expect(parsed.records).toEqual([
      { kind: 'object', object: { bucket: 'b1', key: 'dir/my file.txt', versionId: 'v1', etag: 'e1', sequencer: 's1' } },
      { kind: 'object', object: { bucket: 'b2', key: 'x+y.bin', versionId: null, etag: 'e2', sequencer: 's2' } },
    ]);
  });

  it('marks records that are not ObjectCreated as not-created, with the decoded key', () => {
    // Act
    const record = onlyRecord(notification(notificationRecord({ key: 'old+file.txt', eventName: 'ObjectRemoved:Delete' })));

    // Assess
    expect(record).toMatchObject({ kind: 'not-created', key: 'old file.txt' });
    expect(record.kind !== 'object' && record.reason).toContain('ObjectRemoved:Delete');
  });

  it('marks a record with an undecodable key invalid, naming bucket, key and field', () => {
    // Act
    const record = onlyRecord(notification(notificationRecord({ bucket: 'uploads', key: 'bad%zz.txt' })));

    // Assess
    expect(record.kind).toBe('invalid');
    const reason = record.kind === 'invalid' ? record.reason : '';
    expect(reason).toContain('s3.object.key');
    expect(reason).toContain('bucket "uploads"');
    expect(reason).toContain('key "bad%zz.txt"');
  });

  it('marks records lacking bucket or key invalid, naming the missing fields', () => {
    // Prepare
    const noKey = notificationRecord({ bucket: 'uploads' });
    delete (noKey['s3'] as { object: Record<string, unknown> }).object['key'];
    const noBucket = notificationRecord({ key: 'a.txt' });
    (noBucket['s3'] as Record<string, unknown>)['bucket'] = {};

    // Act
    const { records } = parseEvent(notification(noKey, noBucket));

    // Assess
    expect(records.map((record) => record.kind)).toEqual(['invalid', 'invalid']);
    const [first, second] = records.map((record) => (record.kind === 'invalid' ? record.reason : ''));
    expect(first).toMatch(/Records\[0\] lacks s3\.object\.key \(bucket "uploads"\)/);
    expect(second).toMatch(/Records\[1\] lacks s3\.bucket\.name \(key "a\.txt"\)/);
  });

  it('marks a record from another source invalid when S3 records are present too', () => {
    // Prepare
    const foreign = { ...notificationRecord(), eventSource: 'aws:sqs' };

    // Act
    const { records } = parseEvent(notification(notificationRecord(), foreign));

    // Assess
    expect(records.map((record) => record.kind)).toEqual(['object', 'invalid']);
    expect(records[1]!.kind === 'invalid' && records[1]!.reason).toContain('"aws:sqs"');
  });

  it('rejects an event whose records all come from another service', () => {
    // Act / Assess
    expect(() => parseEvent({ Records: [{ eventSource: 'aws:sqs', body: '{}' }] })).toThrow(InvalidEvent);
    expect(() => parseEvent({ Records: [{ eventSource: 'aws:sqs', body: '{}' }] })).toThrow(/aws:sqs, not aws:s3/);
  });

  it('has nothing to do for an empty Records array', () => {
    // Act
    const parsed = parseEvent({ Records: [] });

    // Assess
    expect(parsed).toEqual({ source: 's3-notification', records: [] });
  });
});

describe('parseEvent: other shapes', () => {
  it('recognises s3:TestEvent as a test event with no records', () => {
    // Act
    const parsed = parseEvent(TEST_EVENT);

    // Assess
    expect(parsed).toEqual({ source: 's3-test-event', records: [] });
  });

  it('uses an EventBridge key exactly as delivered: no decoding of +, %20 or %2B', () => {
    // Act
    const record = onlyRecord(eventBridgeEvent({ key: 'a+b %20c%2B.txt', versionId: 'v9', etag: 'e9', sequencer: 's9' }));

    // Assess
    expect(record).toEqual({
      kind: 'object',
      object: { bucket: 'uploads', key: 'a+b %20c%2B.txt', versionId: 'v9', etag: 'e9', sequencer: 's9' },
    });
  });

  it('marks an EventBridge event of another detail-type not-created', () => {
    // Act
    const record = onlyRecord(eventBridgeEvent({ detailType: 'Object Deleted' }));

    // Assess
    expect(record.kind).toBe('not-created');
  });

  it('marks an EventBridge Object Created event without a key invalid', () => {
    // Prepare
    const event = eventBridgeEvent();
    delete ((event['detail'] as Record<string, unknown>)['object'] as Record<string, unknown>)['key'];

    // Act
    const record = onlyRecord(event);

    // Assess
    expect(record.kind).toBe('invalid');
    expect(record.kind === 'invalid' && record.reason).toMatch(/lacks detail\.object\.key \(bucket "uploads"\)/);
  });

  it('uses a direct input key exactly as given', () => {
    // Act
    const record = onlyRecord({ bucket: 'b', key: 'a+b%20c.txt', versionId: 'v1', etag: '"abc"' });

    // Assess
    expect(record).toEqual({
      kind: 'object',
      object: { bucket: 'b', key: 'a+b%20c.txt', versionId: 'v1', etag: '"abc"', sequencer: null },
    });
  });

  it('marks a direct input with wrong fields invalid, naming each problem', () => {
    // Act
    const record = onlyRecord({ bucket: 'b', key: 42, versionId: '' });

    // Assess
    expect(record.kind).toBe('invalid');
    const reason = record.kind === 'invalid' ? record.reason : '';
    expect(reason).toContain('key must be a non-empty string, got number');
    expect(reason).toContain('versionId must be a non-empty string or null');
    expect(reason).toContain('bucket "b"');
  });

  it.each([
    ['null', null],
    ['a string', 'uploads/report.csv'],
    ['an array', [{ bucket: 'b', key: 'k' }]],
    ['an unrelated object', { hello: 'world' }],
    [
      'an EventBridge event from another source',
      { source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: {} },
    ],
    ['Records that is not an array', { Records: 'nope' }],
  ])('throws InvalidEvent listing the accepted shapes for %s', (_case, event) => {
    // Act
    let thrown: unknown;
    try {
      parseEvent(event);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(InvalidEvent);
    expect((thrown as InvalidEvent).message).toContain('EventBridge "Object Created"');
    expect((thrown as InvalidEvent).message).toContain('s3:TestEvent');
    expect((thrown as InvalidEvent).message).toContain('direct input');
  });
});
