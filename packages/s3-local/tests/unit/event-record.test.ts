import { describe, expect, it } from 'vitest';
import { buildObjectCreatedRecord, createSequencer, encodeNotificationKey } from '../../src/event-record.js';

describe('encodeNotificationKey', () => {
  it.each([
    ['red flower.jpg', 'red+flower.jpg'], // the example in the S3 documentation
    ['a b+c/ü.txt', 'a+b%2Bc/%C3%BC.txt'],
    ['a@b', 'a%40b'],
    ['protected/us-east-1:abc/images/x.jpeg', 'protected/us-east-1%3Aabc/images/x.jpeg'],
    ['dt=2018-05-04/_SUCCESS', 'dt%3D2018-05-04/_SUCCESS'],
    ["(1) copy!~'.txt", '%281%29+copy%21%7E%27.txt'],
    ['keep-_.*', 'keep-_.*'],
    ['100%/#?&', '100%25/%23%3F%26'],
    ['emoji😀', 'emoji%F0%9F%98%80'],
    ['', ''],
  ])('encodes %j as %j', (key, encoded) => {
    // Act
    const result = encodeNotificationKey(key);

    // Assess
    expect(result).toBe(encoded);
  });

  it('round-trips through the form decoding consumers use (+ to space, then percent-decode)', () => {
    // Prepare
    const keys = ['a b+c/ü.txt', 'x%2By', ' lead and trail ', 'a//b/'];

    // Act
    const decoded = keys.map((key) => decodeURIComponent(encodeNotificationKey(key).replace(/\+/g, ' ')));

    // Assess
    expect(decoded).toEqual(keys);
  });
});

describe('createSequencer', () => {
  it('is strictly increasing, fixed width upper-case hex, even when the clock stands still or goes back', () => {
    // Prepare
    const clock = [1_700_000_000_000, 1_700_000_000_000, 1_699_999_999_000, 1_700_000_000_001];
    let tick = 0;
    const next = createSequencer(() => clock[Math.min(tick++, clock.length - 1)]!);

    // Act
    const values = Array.from({ length: 6 }, () => next());

    // Assess
    expect(values.every((value) => /^[0-9A-F]{18}$/.test(value))).toBe(true);
    for (let i = 1; i < values.length; i++) {
      expect(BigInt(`0x${values[i]}`) > BigInt(`0x${values[i - 1]}`)).toBe(true);
      expect(values[i]! > values[i - 1]!).toBe(true); // string order agrees
    }
  });
});

describe('buildObjectCreatedRecord', () => {
  it('builds the AWS 2.1 record: bucket ARN, quotes removed from the eTag, no versionId', () => {
    // Act
    const record = buildObjectCreatedRecord({
      eventName: 'ObjectCreated:Put',
      region: 'eu-central-1',
      bucket: 'my-bucket',
      key: 'in/a b.txt',
      size: 42,
      etag: '"0123abcd"',
      sequencer: '0000000000000000AB',
      sourceIp: '10.0.0.7',
      requestId: 'REQ',
      hostId: 'HOST',
      time: new Date('2024-01-02T03:04:05.678Z'),
    });

    // Assess
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-central-1',
      eventTime: '2024-01-02T03:04:05.678Z',
      requestParameters: { sourceIPAddress: '10.0.0.7' },
      responseElements: { 'x-amz-request-id': 'REQ', 'x-amz-id-2': 'HOST' },
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: 'my-bucket', arn: 'arn:aws:s3:::my-bucket' },
        object: { key: 'in/a+b.txt', size: 42, eTag: '0123abcd', sequencer: '0000000000000000AB' },
      },
    });
    expect('versionId' in record.s3.object).toBe(false);
  });
});

describe('buildObjectCreatedRecord with a version', () => {
  it('carries the versionId of a version written with versioning enabled', () => {
    // Prepare
    const facts = {
      eventName: 'ObjectCreated:Put',
      region: 'us-east-1',
      bucket: 'b',
      key: 'k',
      size: 1,
      etag: '"e"',
      sequencer: '01',
      versionId: 'v1',
      sourceIp: '127.0.0.1',
      requestId: 'R',
      hostId: 'H',
    } as const;

    // Act
    const record = buildObjectCreatedRecord(facts);

    // Assess
    expect(record.s3.object).toEqual({ key: 'k', size: 1, eTag: 'e', versionId: 'v1', sequencer: '01' });
  });
});
