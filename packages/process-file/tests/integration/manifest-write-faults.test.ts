import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { RecordingLogger, startS3Emulator, type S3Emulator } from '@sizegate/testing';
import { LOCAL_CREDENTIALS, MANIFEST_SUFFIX } from '@sizegate/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandler, ManifestWriteThrottled } from '../../src/index.js';
import { startS3FaultProxy, type S3FaultProxy } from '../helpers/s3-fault-proxy.js';

// A manifest write refused for a transient cause, over HTTP: the object and the manifest live in a
// real S3 emulator (@sizegate/s3-local), and the handler's client reaches it through the fault
// proxy, which answers the manifest's PutObject as S3 does when it throttles (503 SlowDown) or
// fails inside (500 InternalError), the SDK parsing that answer as it would S3's. The client makes
// one attempt (maxAttempts: 1), so what the handler throws is what is left after the SDK's own
// retries; the second invocation is the attempt the state machine's Retry makes.
const BUCKET = 'incoming';
const KEY = 'reports/2024/data.csv';
const MANIFEST_KEY = `processed/${KEY}${MANIFEST_SUFFIX}`;
const BODY = 'id,value\n1,2\n';

let emulator: S3Emulator;
let proxy: S3FaultProxy;
let s3: S3Client;

beforeEach(async () => {
  emulator = await startS3Emulator([BUCKET]);
  proxy = await startS3FaultProxy(emulator.endpoint);
  s3 = new S3Client({
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
});

afterEach(async () => {
  s3.destroy();
  await proxy.close();
  await emulator.close();
});

/** Stores the object in the emulator (not through the proxy); check-size's result for it. */
async function sizedObject() {
  const { ETag } = await emulator.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: BODY }));
  return { bucket: BUCKET, key: KEY, versionId: null, size: Buffer.byteLength(BODY), etag: ETag! };
}

describe('a manifest write S3 refuses for now (real S3 error answers through the fault proxy)', () => {
  it.each([
    [503, 'SlowDown', 'Please reduce your request rate.'],
    [500, 'InternalError', 'We encountered an internal error. Please try again.'],
  ])(
    'PutObject answered %i %s → ManifestWriteThrottled naming the manifest; the next attempt writes the manifest',
    async (status, code, message) => {
      // Prepare
      const event = await sizedObject();
      proxy.faults.set(`${BUCKET}/${MANIFEST_KEY}`, { refusePuts: { count: 1, status, code, message } });
      const handler = createHandler({ s3, logger: new RecordingLogger() });

      // Act
      const refused = await handler(event).catch((caught: unknown) => caught);
      const retried = await handler(event);

      // Assess
      expect(refused).toBeInstanceOf(ManifestWriteThrottled);
      expect((refused as Error).message).toBe(
        `Cannot write the manifest for now: PutObject failed with HTTP ${status} (${code}: ${message}) (bucket "${BUCKET}", key "${MANIFEST_KEY}")`,
      );
      expect(proxy.puts.get(`${BUCKET}/${MANIFEST_KEY}`)).toEqual([status, 200]);
      const stored = await emulator.client().send(new GetObjectCommand({ Bucket: BUCKET, Key: MANIFEST_KEY }));
      expect(JSON.parse(await stored.Body!.transformToString())).toEqual(retried);
    },
  );
});
