import { describe, expect, it } from 'vitest';
import { matchesKeyFilter, toEventBridgeEvent } from '../../src/index.js';
import { buildObjectCreatedRecord } from '@sizegate/s3-local';
import { matchesEventType } from '../../src/workflow/trigger.js';

describe('matchesKeyFilter', () => {
  it.each([
    [{}, 'anything', true],
    [{ prefix: 'incoming/' }, 'incoming/a.csv', true],
    [{ prefix: 'incoming/' }, 'other/incoming/a.csv', false],
    [{ suffix: '.csv' }, 'a.csv', true],
    [{ prefix: 'in/', suffix: '.csv' }, 'in/a.txt', false],
    [{ prefix: 'in/', suffix: '.csv' }, 'in/a.csv', true],
    [{ wildcard: 'uploads/*.csv' }, 'uploads/x/y.csv', true],
    [{ wildcard: 'uploads/*.csv' }, 'uploads/y.csv.bak', false],
    [{ wildcard: 'a\\*b' }, 'a*b', true],
    [{ wildcard: 'a\\*b' }, 'axb', false],
    [{ wildcard: 'a.(b)' }, 'a.(b)', true],
    [{ wildcard: 'a.(b)' }, 'aX(b)', false],
  ])('%j matches %s: %s', (filter, key, expected) => {
    expect(matchesKeyFilter(filter, key)).toBe(expected);
  });
});

describe('matchesEventType', () => {
  it('matches S3 event types with and without a wildcard', () => {
    expect(matchesEventType(['s3:ObjectCreated:*'], 'ObjectCreated:Copy')).toBe(true);
    expect(matchesEventType(['s3:ObjectCreated:Put'], 'ObjectCreated:Put')).toBe(true);
    expect(matchesEventType(['s3:ObjectCreated:Put'], 'ObjectCreated:CompleteMultipartUpload')).toBe(false);
    expect(matchesEventType(['s3:ObjectRemoved:*'], 'ObjectCreated:Put')).toBe(false);
  });
});

describe('toEventBridgeEvent', () => {
  it('has the shape S3 sends to EventBridge, with the key as stored (not form-encoded)', () => {
    // Prepare
    const record = buildObjectCreatedRecord({
      eventName: 'ObjectCreated:CompleteMultipartUpload',
      region: 'us-east-1',
      bucket: 'b',
      key: 'dir/a b+c.txt',
      size: 12,
      etag: '"abc"',
      sequencer: '0000000000000000A1',
      sourceIp: '127.0.0.1',
      requestId: 'REQ',
      hostId: 'HOST',
      time: new Date('2025-01-02T03:04:05.678Z'),
    });

    // Act
    const event = toEventBridgeEvent(record, '000000000000');

    // Assess
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '000000000000',
      time: '2025-01-02T03:04:05Z',
      region: 'us-east-1',
      resources: ['arn:aws:s3:::b'],
      detail: {
        version: '0',
        bucket: { name: 'b' },
        object: { key: 'dir/a b+c.txt', size: 12, etag: 'abc', sequencer: '0000000000000000A1' },
        'request-id': 'REQ',
        requester: '000000000000',
        'source-ip-address': '127.0.0.1',
        reason: 'CompleteMultipartUpload',
      },
    });
  });
});
