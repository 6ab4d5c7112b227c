import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startS3TestServer, TEST_REGION, type S3TestServer } from '../helpers/s3-server.js';

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

describe('S3 service with a real SDK client (default checksum settings)', () => {
  let server: S3TestServer;
  let s3: S3Client;

  beforeEach(async () => {
    server = await startS3TestServer();
    s3 = server.client();
  });
  afterEach(async () => {
    await server.close();
  });

  it('stores a Buffer PutObject and reads the same bytes back with GetObject and HeadObject', async () => {
    // Prepare
    const body = randomBytes(100_000);

    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'photos/a.bin', Body: body, ContentType: 'image/png' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'photos/a.bin' }));
    const get = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'photos/a.bin' }));
    const bytes = Buffer.from(await get.Body!.transformToByteArray());

    // Assess
    expect(bytes.equals(body)).toBe(true);
    expect(head.ContentLength).toBe(body.length);
    expect(head.ContentType).toBe('image/png');
    expect(head.ETag).toBe(`"${md5(body)}"`);
    expect(put.ETag).toBe(head.ETag);
    expect(put.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
  });

  it('decodes the aws-chunked body the SDK streams with a CRC32 trailer, and fires one Put event', async () => {
    // Prepare: a stream body makes the SDK use aws-chunked framing with a trailing checksum
    const body = randomBytes(3 * 1024 * 1024 + 17);
    const stream = Readable.from([body.subarray(0, 1_000_000), body.subarray(1_000_000)]);

    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'streamed.bin', Body: stream, ContentLength: body.length }));
    const get = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'streamed.bin' }));
    const bytes = Buffer.from(await get.Body!.transformToByteArray());
    const [event] = await server.waitForEvents(1);

    // Assess
    const upload = server.requests.find((request) => request.method === 'PUT');
    expect(upload?.headers).toMatchObject({
      'content-encoding': 'aws-chunked',
      'x-amz-trailer': 'x-amz-checksum-crc32',
      'x-amz-decoded-content-length': String(body.length),
    });
    expect(bytes.length).toBe(body.length);
    expect(bytes.equals(body)).toBe(true);
    expect(put.ChecksumCRC32).toBeDefined();
    expect(get.ContentEncoding).toBeUndefined();
    expect(event?.eventName).toBe('ObjectCreated:Put');
    expect(event?.s3.object).toEqual({
      key: 'streamed.bin',
      size: body.length,
      eTag: md5(body),
      sequencer: expect.stringMatching(/^[0-9A-F]{18}$/),
    });
  });

  it('emits an AWS-shaped record: region, bucket ARN, no versionId, unquoted eTag, request id of the response', async () => {
    // Prepare
    const body = Buffer.from('hello');

    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'hello.txt', Body: body }));
    const [record] = await server.waitForEvents(1);

    // Assess
    expect(record).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: TEST_REGION,
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: expect.any(String) },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': put.$metadata.requestId, 'x-amz-id-2': put.$metadata.extendedRequestId },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: expect.any(String),
        bucket: { name: 'incoming', ownerIdentity: { principalId: expect.any(String) }, arn: 'arn:aws:s3:::incoming' },
        object: { key: 'hello.txt', size: 5, eTag: md5(body), sequencer: expect.any(String) },
      },
    });
    expect(record?.s3.object).not.toHaveProperty('versionId');
  });

  it('URL-encodes keys in events as S3 does, and the object is stored under the unencoded key', async () => {
    // Prepare
    const keys = ['a b+c/ü.txt', 'dir/x=1&y:2 (copy).csv', '日本/ファイル.txt', 'tilde~star*.txt', `q"<>'\`&amp;.txt`];

    // Act
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: key, Body: 'x' }));
    const events = await server.waitForEvents(keys.length);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming' }));

    // Assess
    expect(events.map((event) => event.s3.object.key)).toEqual([
      'a+b%2Bc/%C3%BC.txt',
      'dir/x%3D1%26y%3A2+%28copy%29.csv',
      '%E6%97%A5%E6%9C%AC/%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB.txt',
      'tilde%7Estar*.txt',
      'q%22%3C%3E%27%60%26amp%3B.txt',
    ]);
    expect(listed.Contents?.map((object) => object.Key).sort()).toEqual([...keys].sort());
  });

  it('gives strictly increasing sequencers to successive uploads', async () => {
    // Prepare
    const count = 20;

    // Act
    await Promise.all(
      Array.from({ length: count }, (_, i) => s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: `k${i}`, Body: `${i}` }))),
    );
    const events = await server.waitForEvents(count);

    // Assess
    const sequencers = events.map((event) => event.s3.object.sequencer);
    expect(new Set(sequencers).size).toBe(count);
    const sorted = [...sequencers].sort();
    expect(sorted.map((s) => BigInt(`0x${s}`))).toEqual(
      [...sorted.map((s) => BigInt(`0x${s}`))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    expect(sequencers.every((s) => /^[0-9A-F]+$/.test(s))).toBe(true);
  });

  it('fires exactly one CompleteMultipartUpload event for a multipart upload, with the whole size', async () => {
    // Prepare
    const partSize = 5 * 1024 * 1024;
    const parts = [randomBytes(partSize), randomBytes(1234)];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'big/file.bin' }));

    // Act
    const uploaded = [];
    for (const [index, part] of parts.entries()) {
      const { ETag } = await s3.send(
        new UploadPartCommand({ Bucket: 'incoming', Key: 'big/file.bin', UploadId, PartNumber: index + 1, Body: part }),
      );
      uploaded.push({ ETag, PartNumber: index + 1 });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'incoming', Key: 'big/file.bin', UploadId, MultipartUpload: { Parts: uploaded } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const get = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'big/file.bin' }));
    const bytes = Buffer.from(await get.Body!.transformToByteArray());

    // Assess
    expect(bytes.equals(Buffer.concat(parts))).toBe(true);
    expect(server.events.map((event) => event.eventName)).toEqual(['ObjectCreated:CompleteMultipartUpload']);
    expect(server.events[0]?.s3.object.size).toBe(partSize + 1234);
  });

  it('answers NoSuchUpload for unknown upload ids and aborts uploads', async () => {
    // Prepare
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'aborted.bin' }));

    // Act
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'incoming', Key: 'aborted.bin', UploadId }));
    const afterAbort = s3.send(new UploadPartCommand({ Bucket: 'incoming', Key: 'aborted.bin', UploadId, PartNumber: 1, Body: 'x' }));

    // Assess
    await expect(afterAbort).rejects.toMatchObject({ name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } });
  });

  it('fires a Copy event for CopyObject, with the eTag of the copy, and copies keys that need encoding', async () => {
    // Prepare
    const body = Buffer.from('to be copied');
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'src/a b+c%.txt', Body: body }));
    await server.waitForEvents(1);

    // Act
    await s3.send(
      new CopyObjectCommand({ Bucket: 'output', Key: 'dst/copy.txt', CopySource: `incoming/${encodeURIComponent('src/a b+c%.txt')}` }),
    );
    const events = await server.waitForEvents(2);
    const copied = await s3.send(new GetObjectCommand({ Bucket: 'output', Key: 'dst/copy.txt' }));

    // Assess
    expect(Buffer.from(await copied.Body!.transformToByteArray()).equals(body)).toBe(true);
    expect(events[1]).toMatchObject({
      eventName: 'ObjectCreated:Copy',
      s3: { bucket: { name: 'output', arn: 'arn:aws:s3:::output' }, object: { key: 'dst/copy.txt', size: body.length, eTag: md5(body) } },
    });
  });

  it('serves GetObject with response overrides and reports a missing key as NoSuchKey', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'doc.txt', Body: 'text' }));

    // Act
    const get = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'doc.txt', ResponseContentType: 'text/plain' }));
    await get.Body!.transformToString();
    const missing = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'nope.txt' })).catch((error: unknown) => error);
    const missingHead = await s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'nope.txt' })).catch((error: unknown) => error);

    // Assess
    expect(get.ContentType).toBe('text/plain');
    expect(missing).toMatchObject({ name: 'NoSuchKey' });
    expect(missingHead).toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
  });
});
