import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../src/index.js';
import { DEFAULT_MIN_SIZE_BYTES } from '@sizegate/types';
import { RecordingLogger } from '@sizegate/testing';

const s3Mock = mockClient(S3Client);
const BUCKET = 'incoming';
const KEY = 'uploads/report.csv';
const LAST_MODIFIED = new Date('2024-05-01T12:34:56.000Z');

let logger: RecordingLogger;

beforeEach(() => {
  s3Mock.reset();
  logger = new RecordingLogger();
});

function handler(fallback?: { bucket?: string; key?: string }) {
  return createHandler({ s3: new S3Client({ region: 'us-east-1' }), logger, fallback });
}

describe('createHandler: success', () => {
  it('returns every field of HeadObject for an unversioned object, with versionId null', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({
      ContentLength: 2_000_000,
      ETag: '"abc123"',
      ContentType: 'text/csv',
      LastModified: LAST_MODIFIED,
    });

    // Act
    const result = await handler()({ bucket: BUCKET, key: KEY });

    // Assess
    expect(result).toEqual({
      bucket: BUCKET,
      key: KEY,
      versionId: null,
      size: 2_000_000,
      etag: '"abc123"',
      contentType: 'text/csv',
      lastModified: '2024-05-01T12:34:56.000Z',
    });
    expect(s3Mock.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({ Bucket: BUCKET, Key: KEY });
  });

  it('sends the event versionId and returns the version S3 reports', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 7, VersionId: 'v-from-s3', ETag: '"e"' });

    // Act
    const result = await handler()({ bucket: BUCKET, key: KEY, versionId: 'v-requested' });

    // Assess
    expect(s3Mock.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: KEY,
      VersionId: 'v-requested',
    });
    expect(result.versionId).toBe('v-from-s3');
    expect(result.size).toBe(7);
  });

  it('falls back to the event versionId when S3 reports none', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 7 });

    // Act
    const result = await handler()({ bucket: BUCKET, key: KEY, versionId: 'v1' });

    // Assess
    expect(result.versionId).toBe('v1');
  });

  it('reports the version S3 reports for an unversioned request (latest version of a versioned bucket)', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 7, VersionId: 'latest' });

    // Act
    const result = await handler()({ bucket: BUCKET, key: KEY, versionId: null });

    // Assess
    expect(s3Mock.commandCalls(HeadObjectCommand)[0]!.args[0].input).not.toHaveProperty('VersionId');
    expect(result.versionId).toBe('latest');
  });

  it.each([
    ['0', 0],
    ['threshold − 1', DEFAULT_MIN_SIZE_BYTES - 1],
    ['threshold', DEFAULT_MIN_SIZE_BYTES],
    ['threshold + 1', DEFAULT_MIN_SIZE_BYTES + 1],
  ])(
    'sizes 0, threshold − 1, threshold, threshold + 1: %s (%i bytes) → reported exactly, as the number ChoiceState compares',
    async (_case, size) => {
      // Prepare
      s3Mock.on(HeadObjectCommand).resolves({ ContentLength: size, ETag: '"e"' });

      // Act
      const result = await handler()({ bucket: BUCKET, key: KEY });

      // Assess
      expect(result.size).toBe(size);
      expect(typeof result.size).toBe('number');
      expect(logger.at('info')[0]!.attributes).toMatchObject({ bucket: BUCKET, key: KEY, size });
    },
  );

  it('returns size 0 for an empty object (0 is a size, not a missing one)', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 0 });

    // Act
    const result = await handler()({ bucket: BUCKET, key: KEY });

    // Assess
    expect(result.size).toBe(0);
    expect(logger.at('warn')).toEqual([]);
  });

  it('returns size null, every other key present as null, and warns when S3 sends no Content-Length', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({});

    // Act
    const result = await handler()({ bucket: BUCKET, key: KEY });

    // Assess
    expect(result).toEqual({
      bucket: BUCKET,
      key: KEY,
      versionId: null,
      size: null,
      etag: null,
      contentType: null,
      lastModified: null,
    });
    expect(Object.keys(result).sort()).toEqual(['bucket', 'contentType', 'etag', 'key', 'lastModified', 'size', 'versionId']);
    const warnings = logger.at('warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.attributes).toMatchObject({ bucket: BUCKET, key: KEY });
  });

  it('passes the key to HeadObject exactly as given, with no URL decoding', async () => {
    // Prepare
    const key = 'a+b%20c/ü.txt';
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 1 });

    // Act
    const result = await handler()({ bucket: BUCKET, key });

    // Assess
    expect(s3Mock.commandCalls(HeadObjectCommand)[0]!.args[0].input.Key).toBe(key);
    expect(result.key).toBe(key);
  });

  it('never calls GetObject', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 5_000_000 });

    // Act
    await handler()({ bucket: BUCKET, key: KEY });

    // Assess
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(s3Mock.calls()).toHaveLength(1);
  });

  it('logs one info line carrying bucket, key, versionId and size', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 42, VersionId: 'v9', Metadata: { secret: 'do-not-log' } });

    // Act
    await handler()({ bucket: BUCKET, key: KEY });

    // Assess
    expect(logger.at('info')).toHaveLength(1);
    expect(logger.at('info')[0]!.attributes).toEqual({ bucket: BUCKET, key: KEY, versionId: 'v9', size: 42 });
    expect(JSON.stringify(logger.lines)).not.toContain('do-not-log');
  });
});
