import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkRejection } from '../helpers/s3-server.js';
import { rawRequest, startS3TestServer, type S3TestServer } from '../helpers/s3-server.js';

describe('S3 versioning', () => {
  let server: S3TestServer;
  let s3: S3Client;

  beforeEach(async () => {
    server = await startS3TestServer(['incoming', 'plain']);
    s3 = server.client();
  });
  afterEach(async () => {
    await server.close();
  });

  it('versioning: PutBucketVersioning Enabled → two puts give two versions; GetObject VersionId returns the old bytes; DeleteObject creates a delete marker (GET → 404 NoSuchKey with x-amz-delete-marker; old version still readable by id); ListObjectVersions shows both + marker', async () => {
    // Prepare
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'incoming', VersioningConfiguration: { Status: 'Enabled' } }));

    // Act
    const first = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'doc.txt', Body: 'first' }));
    const second = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'doc.txt', Body: 'second' }));
    const latest = await (await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'doc.txt' }))).Body!.transformToString();
    const old = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'doc.txt', VersionId: first.VersionId }));
    const oldBody = await old.Body!.transformToString();
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: 'incoming', Key: 'doc.txt' }));
    const raw = await rawRequest(server.port, 'GET', '/incoming/doc.txt');
    const afterDelete = await sdkRejection(s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'doc.txt' })));
    const stillThere = await (
      await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'doc.txt', VersionId: first.VersionId }))
    ).Body!.transformToString();
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'incoming' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming' }));
    const events = await server.waitForEvents(2);

    // Assess
    expect(first.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(second.VersionId).not.toBe(first.VersionId);
    expect(latest).toBe('second');
    expect(oldBody).toBe('first');
    expect(old.VersionId).toBe(first.VersionId);
    expect(deleted.DeleteMarker).toBe(true);
    expect(raw.status).toBe(404);
    expect(raw.body).toContain('<Code>NoSuchKey</Code>');
    expect(raw.headers['x-amz-delete-marker']).toBe('true');
    expect(raw.headers['x-amz-version-id']).toBe(deleted.VersionId);
    expect(afterDelete).toMatchObject({ name: 'NoSuchKey', status: 404 });
    expect(stillThere).toBe('first');
    expect(versions.Versions?.map((version) => [version.VersionId, version.IsLatest, version.Size])).toEqual([
      [second.VersionId, false, 6],
      [first.VersionId, false, 5],
    ]);
    expect(versions.DeleteMarkers?.map((marker) => [marker.Key, marker.VersionId, marker.IsLatest])).toEqual([
      ['doc.txt', deleted.VersionId, true],
    ]);
    expect(listed.KeyCount).toBe(0);
    expect(events.map((event) => event.s3.object.versionId)).toEqual([first.VersionId, second.VersionId]);
  });

  it('removes a version for good with DeleteObject VersionId; removing the delete marker brings the object back', async () => {
    // Prepare
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'incoming', VersioningConfiguration: { Status: 'Enabled' } }));
    const first = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'k', Body: 'one' }));
    const second = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'k', Body: 'two' }));
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: 'incoming', Key: 'k' }));

    // Act
    const removedMarker = await s3.send(new DeleteObjectCommand({ Bucket: 'incoming', Key: 'k', VersionId: marker.VersionId }));
    const back = await (await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'k' }))).Body!.transformToString();
    await s3.send(new DeleteObjectCommand({ Bucket: 'incoming', Key: 'k', VersionId: second.VersionId }));
    const previous = await (await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'k' }))).Body!.transformToString();
    const gone = await sdkRejection(s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'k', VersionId: second.VersionId })));
    const markerById = await rawRequest(server.port, 'GET', `/incoming/k?versionId=${marker.VersionId}`);

    // Assess
    expect(removedMarker.DeleteMarker).toBe(true);
    expect(back).toBe('two');
    expect(previous).toBe('one');
    expect(gone).toMatchObject({ name: 'NoSuchVersion', status: 404 });
    expect(markerById.status).toBe(404); // the marker itself is gone too
    expect(first.VersionId).toBeDefined();
  });

  it('unversioned buckets report versionId "null" semantics as AWS: no x-amz-version-id header, "null" in ListObjectVersions, VersionId=null readable', async () => {
    // Prepare
    const put = await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'p.txt', Body: 'v1' }));
    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'p.txt', Body: 'v2' }));

    // Act
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'plain', Key: 'p.txt' }));
    const byNull = await (
      await s3.send(new GetObjectCommand({ Bucket: 'plain', Key: 'p.txt', VersionId: 'null' }))
    ).Body!.transformToString();
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'plain' }));
    const status = await s3.send(new GetBucketVersioningCommand({ Bucket: 'plain' }));
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: 'plain', Key: 'p.txt' }));
    const afterDelete = await s3.send(new ListObjectVersionsCommand({ Bucket: 'plain' }));

    // Assess
    expect(put.VersionId).toBeUndefined();
    expect(head.VersionId).toBeUndefined();
    expect(byNull).toBe('v2');
    expect(versions.Versions?.map((version) => [version.VersionId, version.IsLatest])).toEqual([['null', true]]);
    expect(status.Status).toBeUndefined();
    expect(deleted.DeleteMarker).toBeUndefined();
    expect(afterDelete.Versions).toBeUndefined();
  });

  it('Suspended: puts replace the "null" version, answer without x-amz-version-id (as S3), and keep older versions', async () => {
    // Prepare
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'incoming', VersioningConfiguration: { Status: 'Enabled' } }));
    const kept = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 's', Body: 'kept' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'incoming', VersioningConfiguration: { Status: 'Suspended' } }));

    // Act
    const nullOne = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 's', Body: 'null one' }));
    const nullTwo = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 's', Body: 'null two' }));
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'incoming' }));
    const status = await s3.send(new GetBucketVersioningCommand({ Bucket: 'incoming' }));

    // Assess
    expect([nullOne.VersionId, nullTwo.VersionId]).toEqual([undefined, undefined]);
    expect(versions.Versions?.map((version) => [version.VersionId, version.IsLatest, version.Size])).toEqual([
      ['null', true, 8],
      [kept.VersionId, false, 4],
    ]);
    expect(status.Status).toBe('Suspended');
  });

  it('copies a given version with x-amz-copy-source ?versionId= and reports the source version', async () => {
    // Prepare
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'incoming', VersioningConfiguration: { Status: 'Enabled' } }));
    const old = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'src.txt', Body: 'old bytes' }));
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'src.txt', Body: 'new bytes' }));

    // Act
    const copy = await s3.send(
      new CopyObjectCommand({ Bucket: 'plain', Key: 'copy.txt', CopySource: `incoming/src.txt?versionId=${old.VersionId}` }),
    );
    const body = await (await s3.send(new GetObjectCommand({ Bucket: 'plain', Key: 'copy.txt' }))).Body!.transformToString();
    const missing = await sdkRejection(
      s3.send(new CopyObjectCommand({ Bucket: 'plain', Key: 'x', CopySource: 'incoming/src.txt?versionId=nosuchversion' })),
    );

    // Assess
    expect(body).toBe('old bytes');
    expect(copy.CopySourceVersionId).toBe(old.VersionId);
    expect(missing).toMatchObject({ name: 'NoSuchVersion', status: 404 });
  });
});
