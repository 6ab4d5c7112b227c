import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectTaggingCommand,
  GetBucketTaggingCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkRejection, startS3TestServer, type S3TestServer } from '../helpers/s3-server.js';

describe('object and bucket tagging', () => {
  let server: S3TestServer;
  let s3: S3Client;

  beforeEach(async () => {
    server = await startS3TestServer(['incoming']);
    s3 = server.client();
  });
  afterEach(async () => {
    await server.close();
  });

  const tagsOf = async (Key: string, VersionId?: string) =>
    (await s3.send(new GetObjectTaggingCommand({ Bucket: 'incoming', Key, VersionId }))).TagSet;

  it('Put/Get/DeleteObjectTagging, tags listed in key order; HeadObject counts them (x-amz-tagging-count)', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'k', Body: 'x' }));

    // Act
    const untagged = await tagsOf('k');
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: 'incoming',
        Key: 'k',
        Tagging: {
          TagSet: [
            { Key: 'team', Value: 'data' },
            { Key: 'env', Value: '' },
          ],
        },
      }),
    );
    const tagged = await tagsOf('k');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'k' }));
    const deleted = await s3.send(new DeleteObjectTaggingCommand({ Bucket: 'incoming', Key: 'k' }));
    const afterDelete = await tagsOf('k');

    // Assess
    expect(untagged).toEqual([]);
    expect(tagged).toEqual([
      { Key: 'env', Value: '' },
      { Key: 'team', Value: 'data' },
    ]);
    expect(head.TagCount).toBe(2);
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(afterDelete).toEqual([]);
  });

  it('x-amz-tagging on PutObject and CreateMultipartUpload; CopyObject copies tags, or replaces them with x-amz-tagging-directive: REPLACE', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'put', Body: 'x', Tagging: 'a=1&b=two%20words' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'multi', Tagging: 'stage=raw' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'incoming', Key: 'multi', UploadId, PartNumber: 1, Body: 'p' }));
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'incoming',
        Key: 'multi',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );

    // Act
    await s3.send(new CopyObjectCommand({ Bucket: 'incoming', Key: 'copied', CopySource: 'incoming/put' }));
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'incoming',
        Key: 'replaced',
        CopySource: 'incoming/put',
        TaggingDirective: 'REPLACE',
        Tagging: 'c=3',
      }),
    );

    // Assess
    expect(await tagsOf('put')).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: 'two words' },
    ]);
    expect(await tagsOf('multi')).toEqual([{ Key: 'stage', Value: 'raw' }]);
    expect(await tagsOf('copied')).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: 'two words' },
    ]);
    expect(await tagsOf('replaced')).toEqual([{ Key: 'c', Value: '3' }]);
  });

  it('refuses 11 tags, a 129-character key, a 257-character value and a key given twice with 400 InvalidTag, leaving the tags as they were', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'k', Body: 'x', Tagging: 'kept=yes' }));
    const put = (TagSet: { Key: string; Value: string }[]) =>
      sdkRejection(s3.send(new PutObjectTaggingCommand({ Bucket: 'incoming', Key: 'k', Tagging: { TagSet } })));

    // Act
    const refusals = [
      await put(Array.from({ length: 11 }, (_, index) => ({ Key: String(index), Value: 'v' }))),
      await put([{ Key: 'k'.repeat(129), Value: 'v' }]),
      await put([{ Key: 'k', Value: 'v'.repeat(257) }]),
      await put([
        { Key: 'same', Value: '1' },
        { Key: 'same', Value: '2' },
      ]),
    ];
    const withHeader = await sdkRejection(
      s3.send(
        new PutObjectCommand({
          Bucket: 'incoming',
          Key: 'other',
          Body: 'x',
          Tagging: Array.from({ length: 11 }, (_, index) => `t${index}=v`).join('&'),
        }),
      ),
    );
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: 'incoming',
        Key: 'k',
        Tagging: { TagSet: [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }] },
      }),
    );

    // Assess
    for (const refusal of [...refusals, withHeader]) expect(refusal).toMatchObject({ name: 'InvalidTag', status: 400 });
    expect(await tagsOf('k')).toEqual([{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }]);
  });

  it("tags belong to a version: versionId reads and writes that version's tags", async () => {
    // Prepare
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'incoming', VersioningConfiguration: { Status: 'Enabled' } }));
    const first = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'v', Body: '1', Tagging: 'version=1' }));
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'v', Body: '2', Tagging: 'version=2' }));

    // Act
    const tagged = await s3.send(
      new PutObjectTaggingCommand({
        Bucket: 'incoming',
        Key: 'v',
        VersionId: first.VersionId,
        Tagging: { TagSet: [{ Key: 'version', Value: 'one' }] },
      }),
    );

    // Assess
    expect(tagged.VersionId).toBe(first.VersionId);
    expect(await tagsOf('v', first.VersionId)).toEqual([{ Key: 'version', Value: 'one' }]);
    expect(await tagsOf('v')).toEqual([{ Key: 'version', Value: '2' }]);
  });

  it('bucket tagging: 404 NoSuchTagSet until put, returned once put, gone after DeleteBucketTagging (204)', async () => {
    // Act
    const before = await sdkRejection(s3.send(new GetBucketTaggingCommand({ Bucket: 'incoming' })));
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'incoming', Tagging: { TagSet: [{ Key: 'Hello', Value: 'World' }] } }));
    const tagged = await s3.send(new GetBucketTaggingCommand({ Bucket: 'incoming' }));
    const deleted = await s3.send(new DeleteBucketTaggingCommand({ Bucket: 'incoming' }));
    const after = await sdkRejection(s3.send(new GetBucketTaggingCommand({ Bucket: 'incoming' })));

    // Assess
    expect(before).toMatchObject({ name: 'NoSuchTagSet', status: 404 });
    expect(tagged.TagSet).toEqual([{ Key: 'Hello', Value: 'World' }]);
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(after).toMatchObject({ name: 'NoSuchTagSet', status: 404 });
  });
});
