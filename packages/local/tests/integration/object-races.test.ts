import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHandler as createCheckSize } from '@sizegate/check-size';
import { createHandler as createProcessFile } from '@sizegate/process-file';
import { MANIFEST_SUFFIX, type Manifest, type SizeCheckResult } from '@sizegate/types';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime } from '../../src/index.js';
import { clientsFor, sdkRejection } from '../helpers/local-clients.js';
import { RecordingLogger } from '@sizegate/testing';

// The handler cores with real SDK clients against the local runtime's S3: what CheckFileSize
// sized is what ProcessFile reads, or ProcessFile fails with a named error and writes nothing.
// The objects live in buckets of their own, so no notification starts an execution meanwhile.
const PREFIX = 'processed/';
/** CheckFileSize's result as ProcessFile receives it (the state machine passes it on as JSON). */
const asInput = (sized: SizeCheckResult) => JSON.parse(JSON.stringify(sized)) as Parameters<ReturnType<typeof createProcessFile>>[0];
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('objects changing between CheckFileSize and ProcessFile', () => {
  let local: LocalRuntime;
  let s3: S3Client;
  let checkSize: ReturnType<typeof createCheckSize>;
  let processFileIn: (bucket: string) => ReturnType<typeof createProcessFile>;

  beforeAll(async () => {
    local = await startLocal({ port: 0, logger: silentLogger });
    ({ s3 } = clientsFor(local));
    await s3.send(new CreateBucketCommand({ Bucket: 'plain-races' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'versioned-races' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned-races', VersioningConfiguration: { Status: 'Enabled' } }));
    checkSize = createCheckSize({ s3, logger: new RecordingLogger() });
    processFileIn = (bucket) => createProcessFile({ s3, outputBucket: bucket, outputPrefix: PREFIX, logger: new RecordingLogger() });
  });
  afterAll(async () => {
    s3?.destroy();
    await local?.close();
  });

  const manifestOf = (bucket: string, key: string) =>
    sdkRejection(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `${PREFIX}${key}${MANIFEST_SUFFIX}` })));
  const readManifest = async (bucket: string, key: string) =>
    JSON.parse(
      await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${PREFIX}${key}${MANIFEST_SUFFIX}` }))).Body!.transformToString(),
    ) as Manifest;

  it('object overwritten between CheckFileSize and ProcessFile → ObjectChanged, no manifest written', async () => {
    // Prepare: the overwrite has the same size, so only the ETag (If-Match) tells them apart
    const key = 'overwritten.bin';
    await s3.send(new PutObjectCommand({ Bucket: 'plain-races', Key: key, Body: randomBytes(4096) }));
    const sized = await checkSize({ bucket: 'plain-races', key });
    await s3.send(new PutObjectCommand({ Bucket: 'plain-races', Key: key, Body: randomBytes(4096) }));

    // Act
    const failure = await processFileIn('plain-races')(asInput(sized)).catch((error: Error) => error);

    // Assess
    expect(failure).toMatchObject({ name: 'ObjectChanged' });
    expect((failure as Error & { cause?: { name?: string } }).cause?.name).toBe('PreconditionFailed');
    expect(await manifestOf('plain-races', key)).toMatchObject({ name: 'NotFound', status: 404 });
  });

  it('object deleted between CheckFileSize and ProcessFile → ObjectNotFound, no manifest written', async () => {
    // Prepare
    const key = 'deleted.bin';
    await s3.send(new PutObjectCommand({ Bucket: 'plain-races', Key: key, Body: randomBytes(2048) }));
    const sized = await checkSize({ bucket: 'plain-races', key });
    await s3.send(new DeleteObjectCommand({ Bucket: 'plain-races', Key: key }));

    // Act
    const failure = await processFileIn('plain-races')(asInput(sized)).catch((error: Error) => error);

    // Assess
    expect(failure).toMatchObject({ name: 'ObjectNotFound' });
    expect(await manifestOf('plain-races', key)).toMatchObject({ name: 'NotFound', status: 404 });
  });

  it('in a versioned bucket the version sized is the one processed even after an overwrite (manifest sha256 = the old bytes)', async () => {
    // Prepare
    const key = 'versioned-overwrite.bin';
    const oldBytes = randomBytes(3000);
    const put = await s3.send(new PutObjectCommand({ Bucket: 'versioned-races', Key: key, Body: oldBytes }));
    const sized = await checkSize({ bucket: 'versioned-races', key });
    await s3.send(new PutObjectCommand({ Bucket: 'versioned-races', Key: key, Body: randomBytes(5000) }));

    // Act
    const manifest = await processFileIn('versioned-races')(asInput(sized));
    const stored = await readManifest('versioned-races', key);

    // Assess
    expect(sized.versionId).toBe(put.VersionId);
    expect(manifest).toMatchObject({ key, versionId: put.VersionId, size: 3000, sha256: sha256(oldBytes) });
    expect(stored.sha256).toBe(sha256(oldBytes));
  });

  it('delete marker after sizing of a versioned object → the sized version is still processed (process-file reads by VersionId)', async () => {
    // Prepare
    const key = 'versioned-deleted.bin';
    const bytes = randomBytes(2500);
    const put = await s3.send(new PutObjectCommand({ Bucket: 'versioned-races', Key: key, Body: bytes }));
    const sized = await checkSize({ bucket: 'versioned-races', key });
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: 'versioned-races', Key: key }));

    // Act
    const manifest = await processFileIn('versioned-races')(asInput(sized));
    const latest = await sdkRejection(s3.send(new HeadObjectCommand({ Bucket: 'versioned-races', Key: key })));

    // Assess
    expect(marker.DeleteMarker).toBe(true);
    expect(latest.status).toBe(404);
    expect(manifest).toMatchObject({ key, versionId: put.VersionId, size: 2500, sha256: sha256(bytes) });
  });

  it('a sized version deleted for good (DeleteObject VersionId) → ObjectNotFound, no manifest written', async () => {
    // Prepare
    const key = 'versioned-purged.bin';
    const put = await s3.send(new PutObjectCommand({ Bucket: 'versioned-races', Key: key, Body: randomBytes(1500) }));
    const sized = await checkSize({ bucket: 'versioned-races', key });
    await s3.send(new DeleteObjectCommand({ Bucket: 'versioned-races', Key: key, VersionId: put.VersionId }));

    // Act
    const failure = await processFileIn('versioned-races')(asInput(sized)).catch((error: Error) => error);

    // Assess
    expect(failure).toMatchObject({ name: 'ObjectNotFound' });
    expect((failure as Error & { cause?: { name?: string } }).cause?.name).toBe('NoSuchVersion');
    expect(await manifestOf('versioned-races', key)).toMatchObject({ name: 'NotFound', status: 404 });
  });
});
