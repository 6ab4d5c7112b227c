import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { DEFAULT_MIN_SIZE_BYTES, MANIFEST_SUFFIX, ObjectChanged, ObjectNotFound } from '@sizegate/types';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler, type Processor } from '../../src/index.js';
import { RecordingLogger, startS3Emulator, type S3Emulator } from '@sizegate/testing';

// The real handler and a real SDK client against a real S3 emulator (s3rver) over HTTP.
const BUCKET = 'incoming';
const OUTPUT_BUCKET = 'manifests';
let emulator: S3Emulator;
let s3: S3Client;

beforeAll(async () => {
  emulator = await startS3Emulator([BUCKET, OUTPUT_BUCKET]);
  s3 = emulator.client();
});

afterAll(async () => {
  // Destroys the clients first: their keep-alive sockets would hold the server open.
  await emulator?.close();
});

async function upload(key: string, body: Buffer): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

/** What check-size would hand on: HeadObject's view of the object. */
async function sized(key: string) {
  const head: HeadObjectCommandOutput = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  return { bucket: BUCKET, key, versionId: head.VersionId ?? null, size: head.ContentLength!, etag: head.ETag! };
}

async function readJson(bucket: string, key: string): Promise<unknown> {
  const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse(await stored.Body!.transformToString());
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('process-file against an S3 emulator', () => {
  it.each([
    ['a 3 MB random object', 'big/random.bin', randomBytes(3 * 1024 * 1024), 'application/octet-stream'],
    ['a text object', 'docs/notes.txt', Buffer.from('first line\nsecond line\nthird, no newline'), 'text/plain'],
    ['an empty object', 'empty/nothing', Buffer.alloc(0), 'text/plain'],
  ])('%s: the manifest matches the uploaded bytes and is stored in S3', async (_name, key, data, contentType) => {
    // Prepare
    await upload(key, data);
    const event = await sized(key);
    const logger = new RecordingLogger();
    const handler = createHandler({ s3, logger });

    // Act
    const manifest = await handler(event);

    // Assess
    const newlines = data.reduce((count, byte) => count + (byte === 0x0a ? 1 : 0), 0);
    expect(manifest).toMatchObject({
      bucket: BUCKET,
      key,
      etag: event.etag,
      size: data.length,
      sha256: sha256(data),
      lines: data.length === 0 ? 0 : newlines + (data[data.length - 1] === 0x0a ? 0 : 1),
      contentType,
      manifestBucket: BUCKET,
      manifestKey: `processed/${key}${MANIFEST_SUFFIX}`,
    });
    expect(await readJson(BUCKET, manifest.manifestKey)).toEqual(manifest);
    expect(logger.at('info').map((line) => line.attributes['key'])).toEqual([key, key]);
  });

  it.each([
    ['0', 0],
    ['threshold − 1', DEFAULT_MIN_SIZE_BYTES - 1],
    ['threshold', DEFAULT_MIN_SIZE_BYTES],
    ['threshold + 1', DEFAULT_MIN_SIZE_BYTES + 1],
  ])('sizes 0, threshold − 1, threshold, threshold + 1: %s (%i bytes) → a manifest of exactly those bytes', async (_case, size) => {
    // Prepare
    const key = `sizes/${size}.bin`;
    const data = randomBytes(size);
    await upload(key, data);
    const handler = createHandler({ s3, logger: new RecordingLogger() });

    // Act
    const manifest = await handler(await sized(key));

    // Assess
    expect(manifest).toMatchObject({ bucket: BUCKET, key, size, sha256: sha256(data) });
    expect(await readJson(BUCKET, manifest.manifestKey)).toEqual(manifest);
  });

  it('runs processors over the real stream in the same pass', async () => {
    // Prepare
    const data = randomBytes(1024 * 1024 + 17);
    await upload('big/with-processor.bin', data);
    let chunks = 0;
    const md5: Processor = {
      name: 'md5',
      start() {
        const hash = createHash('md5');
        return {
          update(chunk) {
            chunks++;
            hash.update(chunk);
          },
          finish: () => ({ md5: hash.digest('hex'), chunks }),
        };
      },
    };
    const handler = createHandler({ s3, logger: new RecordingLogger(), processors: [md5] });

    // Act
    const manifest = await handler(await sized('big/with-processor.bin'));

    // Assess
    expect(manifest['md5']).toBe(createHash('md5').update(data).digest('hex'));
    expect(chunks).toBeGreaterThan(1);
    expect(manifest.sha256).toBe(sha256(data));
  });

  it('an object overwritten after it was sized → ObjectChanged, and no manifest is written', async () => {
    // Prepare
    const key = 'changing/object.txt';
    await upload(key, Buffer.from('the version that was sized\n'));
    const event = await sized(key);
    await upload(key, Buffer.from('a newer version, same key!\n'));
    const handler = createHandler({ s3, logger: new RecordingLogger() });

    // Act
    const error = await handler(event).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectChanged);
    expect((error as Error).message).toContain(`bucket "${BUCKET}", key "${key}"`);
    const manifestHead = s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `processed/${key}${MANIFEST_SUFFIX}` }));
    await expect(manifestHead).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('a key that does not exist → ObjectNotFound', async () => {
    // Prepare
    const handler = createHandler({ s3, logger: new RecordingLogger() });

    // Act
    const error = await handler({ bucket: BUCKET, key: 'no/such key.bin', size: 1, etag: '"abc"' }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
  });

  it('writes to another bucket and prefix when told', async () => {
    // Prepare
    await upload('routed.txt', Buffer.from('routed\n'));
    const handler = createHandler({
      s3,
      logger: new RecordingLogger(),
      outputBucket: OUTPUT_BUCKET,
      outputPrefix: 'sizegate/v1/',
    });

    // Act
    const manifest = await handler(await sized('routed.txt'));

    // Assess
    expect(manifest).toMatchObject({ manifestBucket: OUTPUT_BUCKET, manifestKey: 'sizegate/v1/routed.txt.manifest.json' });
    expect(await readJson(OUTPUT_BUCKET, 'sizegate/v1/routed.txt.manifest.json')).toEqual(manifest);
  });
});
