import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startS3Local, type S3Local } from '../../src/index.js';

const BUCKET = 'incoming';

/** A real SDK client as a user configures it for the emulator. */
const clientFor = (s3Local: S3Local) =>
  new S3Client({
    endpoint: s3Local.endpoint,
    region: s3Local.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

describe('S3 data in dataDir', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('data survives close + start with the same dataDir (buckets, objects, versions, versioning status, uploads in progress)', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'sizegate-s3-persist-'));
    dirs.push(dataDir);
    const first = await startS3Local({ port: 0, dataDir, buckets: [BUCKET] });
    const before = clientFor(first);
    await before.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'kept/a b.txt',
        Body: 'kept bytes',
        ContentType: 'text/plain',
        Metadata: { origin: 'test' },
      }),
    );
    await before.send(new CreateBucketCommand({ Bucket: 'archive' }));
    await before.send(new PutBucketVersioningCommand({ Bucket: 'archive', VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await before.send(new PutObjectCommand({ Bucket: 'archive', Key: '../odd/key', Body: 'one' }));
    const v2 = await before.send(new PutObjectCommand({ Bucket: 'archive', Key: '../odd/key', Body: 'two' }));
    const { UploadId } = await before.send(new CreateMultipartUploadCommand({ Bucket: 'archive', Key: 'pending.bin' }));
    before.destroy();
    await first.close();

    // Act
    const second = await startS3Local({ port: 0, dataDir, buckets: [BUCKET] });
    const s3 = clientFor(second);
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'kept/a b.txt' }));
      const body = await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'kept/a b.txt' }))).Body!.transformToString();
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: 'archive' }));
      const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'archive' }));
      const old = await (
        await s3.send(new GetObjectCommand({ Bucket: 'archive', Key: '../odd/key', VersionId: v1.VersionId }))
      ).Body!.transformToString();
      const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'archive' }));
      const v3 = await s3.send(new PutObjectCommand({ Bucket: 'archive', Key: '../odd/key', Body: 'three' }));
      const latest = await (await s3.send(new GetObjectCommand({ Bucket: 'archive', Key: '../odd/key' }))).Body!.transformToString();

      // Assess
      expect(body).toBe('kept bytes');
      expect(head).toMatchObject({ ContentLength: 10, ContentType: 'text/plain', Metadata: { origin: 'test' } });
      expect(listed.Contents?.map((object) => object.Key)).toEqual(['kept/a b.txt']);
      expect(versioning.Status).toBe('Enabled');
      expect(versions.Versions?.map((version) => version.VersionId)).toEqual([v2.VersionId, v1.VersionId]);
      expect(old).toBe('one');
      expect(uploads.Uploads?.map((upload) => upload.UploadId)).toEqual([UploadId]);
      expect(latest).toBe('three');
      expect(v3.VersionId).not.toBe(v2.VersionId);
    } finally {
      s3.destroy();
      await second.close();
    }
  });
});
