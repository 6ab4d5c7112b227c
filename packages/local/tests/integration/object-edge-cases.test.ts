import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { createHandler as createCheckSize } from '@sizegate/check-size';
import { createHandler as createProcessFile } from '@sizegate/process-file';
import { RecordingLogger, rejection } from '@sizegate/testing';
import { MANIFEST_SUFFIX, MESSAGES, ObjectNotFound } from '@sizegate/types';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime } from '../../src/index.js';
import { clientsFor, statesEntered, waitForExecutionOf } from '../helpers/local-clients.js';

// Edge cases of the objects themselves, through the local runtime's S3 with real SDK clients: a
// key at S3's 1,024-byte limit (its manifest key would be longer), a bucket that does not exist
// (a HEAD error has no body, so HeadObject alone cannot tell it from a missing key) and a
// versionId that is a delete marker (S3 answers 405 MethodNotAllowed).
const MIN = 1000;
const PREFIX = 'processed/';
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
let local: LocalRuntime;
let s3: S3Client;
let sfn: SFNClient;

beforeAll(async () => {
  local = await startLocal({ port: 0, minSizeBytes: MIN, logger: silentLogger });
  ({ s3, sfn } = clientsFor(local));
});

afterAll(async () => {
  s3?.destroy();
  sfn?.destroy();
  await local?.close();
});

/** What `promise` rejects with, as the Error these calls throw (rejection() fails the test when it resolves). */
const failureOf = async (promise: Promise<unknown>): Promise<Error> => (await rejection(promise)) as Error;

describe('a 1,024-byte key above the threshold', () => {
  it('is processed: the execution SUCCEEDS, the manifest is at the shortened key (<= 1,024 bytes, under the prefix) and names the full key', async () => {
    // Prepare: 8 + 508 × 2 = 1,024 bytes, multi-byte characters where the manifest key is cut
    const key = `uploads/${'é'.repeat(508)}`;
    const body = randomBytes(MIN + 1);

    // Act
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: body }));
    const execution = await waitForExecutionOf(sfn, local.stateMachineArn, key);

    // Assess
    expect(bytes(key)).toBe(1024);
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
    expect(await statesEntered(sfn, execution.executionArn!)).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']);
    const output = JSON.parse(execution.output!);
    expect(output.Message).toBe(MESSAGES.processedOk);
    const digest = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
    const manifestKey: string = output.manifest.manifestKey;
    expect(manifestKey).toMatch(new RegExp(`^${PREFIX}uploads/é+~${digest}${MANIFEST_SUFFIX.replace('.', '\\.')}$`));
    expect(bytes(manifestKey)).toBeLessThanOrEqual(1024);
    expect(bytes(manifestKey)).toBeGreaterThan(1022);
    const stored = await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: manifestKey }));
    const manifest = JSON.parse(await stored.Body!.transformToString());
    expect(manifest).toEqual(output.manifest);
    expect(manifest).toMatchObject({ key, manifestKey, size: body.length, sha256: createHash('sha256').update(body).digest('hex') });
  });
});

describe('a bucket that does not exist', () => {
  it('CheckFileSize: HeadObject 404 (NotFound, no body), HeadBucket 404 → ObjectNotFound saying the bucket does not exist, naming bucket and key', async () => {
    // Prepare
    const checkSize = createCheckSize({ s3, logger: new RecordingLogger() });

    // Act
    const error = await failureOf(checkSize({ bucket: 'no-such-bucket', key: 'uploads/report.csv' }));

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect(error.message).toBe('Object not found: the bucket does not exist (bucket "no-such-bucket", key "uploads/report.csv")');
    expect((error.cause as Error).name).toBe('NotFound');
  });

  it('CheckFileSize: a missing key in a bucket that exists → ObjectNotFound saying the bucket exists and the key does not', async () => {
    // Prepare
    const checkSize = createCheckSize({ s3, logger: new RecordingLogger() });

    // Act
    const error = await failureOf(checkSize({ bucket: local.bucket, key: 'ghost.csv' }));

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect(error.message).toBe(
      `Object not found: HeadObject answered 404; the bucket exists, the key does not (bucket "${local.bucket}", key "ghost.csv")`,
    );
  });

  it('an execution started for it FAILS at CheckFileSize with ObjectNotFound saying the bucket does not exist', async () => {
    // Act
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: local.stateMachineArn,
        input: JSON.stringify({ bucket: 'no-such-bucket', key: 'started/directly.bin' }),
      }),
    );
    const execution = await waitForExecutionOf(sfn, local.stateMachineArn, 'started/directly.bin');

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ObjectNotFound');
    expect(execution.cause).toContain(
      'Object not found: the bucket does not exist (bucket \\"no-such-bucket\\", key \\"started/directly.bin\\")',
    );
  });

  it('ProcessFile: GetObject NoSuchBucket (a GET error has its XML body) → ObjectNotFound saying the bucket does not exist', async () => {
    // Prepare
    const processFile = createProcessFile({ s3, logger: new RecordingLogger() });

    // Act
    const error = await failureOf(
      processFile({ bucket: 'no-such-bucket', key: 'uploads/report.csv', versionId: null, size: 3, etag: '"e"' }),
    );

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect(error.message).toBe('Object not found: the bucket does not exist (bucket "no-such-bucket", key "uploads/report.csv")');
    expect((error.cause as Error).name).toBe('NoSuchBucket');
  });
});

describe('a versionId that is a delete marker', () => {
  const BUCKET = 'versioned-edge-cases';
  let markerVersionId: string;

  beforeAll(async () => {
    // A bucket of its own: no notification starts an execution for these objects.
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'deleted.csv', Body: 'a,b\n' }));
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'deleted.csv' }));
    expect(deleted.DeleteMarker).toBe(true);
    markerVersionId = deleted.VersionId!;
  });

  it('CheckFileSize: HeadObject 405 → ObjectNotFound naming bucket, key and versionId, saying that version is a delete marker', async () => {
    // Prepare
    const checkSize = createCheckSize({ s3, logger: new RecordingLogger() });

    // Act
    const error = await failureOf(checkSize({ bucket: BUCKET, key: 'deleted.csv', versionId: markerVersionId }));

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect(error.message).toBe(
      `Object not found: that version is a delete marker (HeadObject answered 405 MethodNotAllowed) (bucket "${BUCKET}", key "deleted.csv", versionId "${markerVersionId}")`,
    );
    expect(error).toMatchObject({ bucket: BUCKET, key: 'deleted.csv', versionId: markerVersionId });
    expect((error.cause as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(405);
  });

  it('ProcessFile: GetObject 405 MethodNotAllowed → the same ObjectNotFound, no manifest written', async () => {
    // Prepare
    const processFile = createProcessFile({ s3, logger: new RecordingLogger() });

    // Act
    const error = await failureOf(processFile({ bucket: BUCKET, key: 'deleted.csv', versionId: markerVersionId, size: 4, etag: '"e"' }));

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect(error.message).toBe(
      `Object not found: that version is a delete marker (GetObject answered 405 MethodNotAllowed) (bucket "${BUCKET}", key "deleted.csv", versionId "${markerVersionId}")`,
    );
    expect((error.cause as Error).name).toBe('MethodNotAllowed');
    const manifest = await failureOf(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}deleted.csv${MANIFEST_SUFFIX}` })));
    expect(manifest.name).toBe('NoSuchKey');
  });
});
