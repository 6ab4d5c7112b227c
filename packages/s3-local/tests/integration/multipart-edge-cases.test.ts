import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest, sdkRejection, startS3TestServer, type S3TestServer } from '../helpers/s3-server.js';

describe('multipart edge cases: conditional completes, retried completes, copy ranges, parts sent twice', () => {
  let server: S3TestServer;
  let s3: S3Client;

  beforeEach(async () => {
    server = await startS3TestServer(['incoming']);
    s3 = server.client();
  });
  afterEach(async () => {
    await server.close();
  });

  /** Creates an upload of one part holding `body`; returns what CompleteMultipartUpload needs. */
  async function onePartUpload(key: string, body: string) {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: key }));
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: 'incoming', Key: key, UploadId, PartNumber: 1, Body: body }));
    return { Bucket: 'incoming', Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } };
  }

  const read = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: key }))).Body!.transformToString();

  it('CompleteMultipartUpload If-None-Match: * refuses to overwrite (412) and leaves the upload to complete later', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'cond', Body: 'first' }));
    const upload = await onePartUpload('cond', 'second');

    // Act
    const refused = await sdkRejection(s3.send(new CompleteMultipartUploadCommand({ ...upload, IfNoneMatch: '*' })));
    const afterRefusal = await read('cond');
    const completed = await s3.send(new CompleteMultipartUploadCommand(upload));

    // Assess
    expect(refused).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(afterRefusal).toBe('first');
    expect(completed.ETag).toMatch(/-1"$/);
    expect(await read('cond')).toBe('second');
  });

  it('CompleteMultipartUpload If-Match: a stale ETag → 412, a missing object → 404 NoSuchKey, the current ETag completes', async () => {
    // Prepare
    const current = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'cas', Body: 'v1' }));
    const upload = await onePartUpload('cas', 'v2');
    const other = await onePartUpload('absent', 'x');

    // Act
    const stale = await sdkRejection(
      s3.send(new CompleteMultipartUploadCommand({ ...upload, IfMatch: '"0123456789abcdef0123456789abcdef"' })),
    );
    const missing = await sdkRejection(s3.send(new CompleteMultipartUploadCommand({ ...other, IfMatch: '*' })));
    await s3.send(new CompleteMultipartUploadCommand({ ...upload, IfMatch: current.ETag }));

    // Assess
    expect(stale).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(missing).toMatchObject({ name: 'NoSuchKey', status: 404 });
    expect(await read('cas')).toBe('v2');
  });

  it('a CompleteMultipartUpload retried after success answers 200 with the same result; another key still gets NoSuchUpload', async () => {
    // Prepare
    const upload = await onePartUpload('retried', 'body');
    const first = await s3.send(new CompleteMultipartUploadCommand(upload));

    // Act
    const again = await s3.send(new CompleteMultipartUploadCommand(upload));
    const wrongKey = await sdkRejection(s3.send(new CompleteMultipartUploadCommand({ ...upload, Key: 'other' })));

    // Assess
    expect(again.$metadata.httpStatusCode).toBe(200);
    expect({ etag: again.ETag, key: again.Key, bucket: again.Bucket }).toEqual({ etag: first.ETag, key: 'retried', bucket: 'incoming' });
    expect(wrongKey).toMatchObject({ name: 'NoSuchUpload', status: 404 });
    expect(await read('retried')).toBe('body');
  });

  it('UploadPartCopy with a range past the source end → 416 InvalidRange (not a shorter part); a malformed range → 400 InvalidArgument', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'five', Body: '12345' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'dest' }));
    const copy = (CopySourceRange: string) =>
      s3.send(
        new UploadPartCopyCommand({
          Bucket: 'incoming',
          Key: 'dest',
          UploadId,
          PartNumber: 1,
          CopySource: 'incoming/five',
          CopySourceRange,
        }),
      );

    // Act
    const pastEnd = await sdkRejection(copy('bytes=0-21'));
    const malformed = await sdkRejection(copy('bytes=3-1'));
    const inside = await copy('bytes=1-3');

    // Assess
    expect(pastEnd).toMatchObject({ name: 'InvalidRange', status: 416 });
    expect(malformed).toMatchObject({ name: 'InvalidArgument', status: 400 });
    expect(inside.CopyPartResult?.ETag).toBe(`"${createHash('md5').update('234').digest('hex')}"`);
  });

  it('a part number listed twice in a row counts once, with its last ETag (a part re-sent while the first send was running)', async () => {
    // Prepare
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'twice' }));
    const first = await s3.send(new UploadPartCommand({ Bucket: 'incoming', Key: 'twice', UploadId, PartNumber: 1, Body: 'BBBB' }));
    const second = await s3.send(new UploadPartCommand({ Bucket: 'incoming', Key: 'twice', UploadId, PartNumber: 1, Body: 'AAAA' }));

    // Act
    const staleLast = await sdkRejection(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'incoming',
          Key: 'twice',
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: second.ETag },
              { PartNumber: 1, ETag: first.ETag },
            ],
          },
        }),
      ),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'incoming',
        Key: 'twice',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: first.ETag },
            { PartNumber: 1, ETag: second.ETag },
          ],
        },
      }),
    );

    // Assess
    expect(staleLast).toMatchObject({ name: 'InvalidPart', status: 400 });
    expect(await read('twice')).toBe('AAAA');
  });

  it('parts out of order are still refused with InvalidPartOrder', async () => {
    // Prepare
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'order' }));
    const one = await s3.send(
      new UploadPartCommand({ Bucket: 'incoming', Key: 'order', UploadId, PartNumber: 1, Body: 'a'.repeat(5 * 1024 * 1024) }),
    );
    const two = await s3.send(new UploadPartCommand({ Bucket: 'incoming', Key: 'order', UploadId, PartNumber: 2, Body: 'b' }));
    const body = `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>${two.ETag}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>${one.ETag}</ETag></Part></CompleteMultipartUpload>`;

    // Act
    const response = await rawRequest(
      server.port,
      'POST',
      `/incoming/order?uploadId=${UploadId}`,
      { 'content-type': 'application/xml' },
      body,
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toContain('<Code>InvalidPartOrder</Code>');
  });
});
