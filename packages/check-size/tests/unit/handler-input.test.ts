import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InvalidInput } from '@sizegate/types';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler, type CheckSizeEvent } from '../../src/index.js';
import { rejection } from '@sizegate/testing';
import { RecordingLogger } from '@sizegate/testing';

const s3Mock = mockClient(S3Client);
const BUCKET = 'incoming';
const KEY = 'uploads/report.csv';

let logger: RecordingLogger;

beforeEach(() => {
  s3Mock.reset();
  logger = new RecordingLogger();
});

function handler(fallback?: { bucket?: string; key?: string }) {
  return createHandler({ s3: new S3Client({ region: 'us-east-1' }), logger, fallback });
}

describe('createHandler: fallback object', () => {
  it('sizes the fallback object when the event is empty', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 3 });

    // Act
    const result = await handler({ bucket: 'env-bucket', key: 'env/key.bin' })({});

    // Assess
    expect(s3Mock.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'env-bucket', Key: 'env/key.bin' });
    expect(result).toMatchObject({ bucket: 'env-bucket', key: 'env/key.bin', size: 3 });
  });

  it.each([undefined, null])('sizes the fallback object when the event is %s', async (event) => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 3 });

    // Act
    const result = await handler({ bucket: 'env-bucket', key: 'env/key.bin' })(event);

    // Assess
    expect(result).toMatchObject({ bucket: 'env-bucket', key: 'env/key.bin' });
  });

  it('prefers the event fields and uses the fallback only for the missing one', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 3 });

    // Act
    await handler({ bucket: 'env-bucket', key: 'env/key.bin' })({ bucket: null, key: 'event/key.bin' });

    // Assess
    expect(s3Mock.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'env-bucket', Key: 'event/key.bin' });
  });
});

describe('createHandler: invalid input', () => {
  it('names every missing field at once, with the variables that could provide them', async () => {
    // Act
    const error = await rejection(handler()({}));

    // Assess
    expect(error).toBeInstanceOf(InvalidInput);
    const message = (error as Error).message;
    expect(message).toMatch(/missing bucket and key/);
    for (const variable of ['SIZEGATE_BUCKET', 'SIZEGATE_KEY', 'bucket', 'file']) expect(message).toContain(variable);
    expect(s3Mock.calls()).toHaveLength(0);
    expect(logger.at('error')).toHaveLength(1);
  });

  it('names only the field still missing after the fallback, and the bucket it has', async () => {
    // Act
    const error = await rejection(handler({ bucket: 'env-bucket' })({}));

    // Assess
    expect(error).toBeInstanceOf(InvalidInput);
    const message = (error as Error).message;
    expect(message).toMatch(/missing key: put it in the event or set SIZEGATE_KEY \(or the legacy file\)/);
    expect(message).not.toMatch(/missing bucket/);
    expect(message).toContain('bucket "env-bucket"');
    expect((error as InvalidInput).bucket).toBe('env-bucket');
  });

  it.each<[string, unknown, RegExp]>([
    ['bucket is a number', { bucket: 42, key: KEY }, /bucket must be a non-empty string, got number/],
    ['key is empty', { bucket: BUCKET, key: '' }, /key must be a non-empty string, got an empty string/],
    ['key is an object', { bucket: BUCKET, key: { name: 'x' } }, /key must be a non-empty string, got object/],
    ['versionId is a number', { bucket: BUCKET, key: KEY, versionId: 3 }, /versionId must be a non-empty string or null, got number/],
    ['versionId is empty', { bucket: BUCKET, key: KEY, versionId: '' }, /versionId must be a non-empty string or null/],
    ['the event is a string', 'incoming/report.csv', /the event must be an object/],
    ['the event is an array', [BUCKET, KEY], /the event must be an object.*got an array/],
  ])('rejects with InvalidInput when %s', async (_case, event, expected) => {
    // Act
    const error = await rejection(handler({ bucket: 'env-bucket', key: 'env-key' })(event as CheckSizeEvent));

    // Assess
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as Error).name).toBe('InvalidInput');
    expect((error as Error).message).toMatch(expected);
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('reports a missing field and a wrong type in the same error', async () => {
    // Act
    const error = await rejection(handler()({ key: 7, versionId: false } as unknown as CheckSizeEvent));

    // Assess
    const message = (error as Error).message;
    expect(message).toMatch(/missing bucket:/);
    expect(message).toMatch(/key must be a non-empty string, got number/);
    expect(message).toMatch(/versionId must be a non-empty string or null, got boolean/);
  });

  it('does not let a wrong-typed event field fall back to the environment', async () => {
    // Act
    const error = await rejection(handler({ bucket: 'env-bucket', key: 'env-key' })({ bucket: '', key: KEY }));

    // Assess
    expect(error).toBeInstanceOf(InvalidInput);
    expect(s3Mock.calls()).toHaveLength(0);
  });
});
