import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkRejection } from '../helpers/s3-server.js';
import { rawRequest, startS3TestServer, type S3TestServer } from '../helpers/s3-server.js';

const MiB = 1024 * 1024;
const md5 = (data: Buffer) => createHash('md5').update(data).digest();

describe('S3 objects: conditions, ranges, multipart, listing', () => {
  let server: S3TestServer;
  let s3: S3Client;

  beforeEach(async () => {
    server = await startS3TestServer(['incoming']);
    s3 = server.client();
  });
  afterEach(async () => {
    await server.close();
  });

  it('If-Match mismatch → 412 PreconditionFailed; Range bytes=0-0 → 1 byte, 206', async () => {
    // Prepare
    const put = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'r.txt', Body: 'abcdef' }));

    // Act
    const mismatch = await sdkRejection(
      s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'r.txt', IfMatch: '"0123456789abcdef0123456789abcdef"' })),
    );
    const headMismatch = await sdkRejection(s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'r.txt', IfMatch: '"nope"' })));
    const matching = await (
      await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'r.txt', IfMatch: put.ETag }))
    ).Body!.transformToString();
    const first = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'r.txt', Range: 'bytes=0-0' }));
    const firstBody = await first.Body!.transformToString();

    // Assess
    expect(mismatch).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(headMismatch.status).toBe(412);
    expect(matching).toBe('abcdef');
    expect(first.$metadata.httpStatusCode).toBe(206);
    expect(firstBody).toBe('a');
    expect(first.ContentLength).toBe(1);
    expect(first.ContentRange).toBe('bytes 0-0/6');
  });

  it('serves suffix and open ranges, 416 InvalidRange beyond the end, and 304 for If-None-Match / If-Modified-Since', async () => {
    // Prepare
    const put = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'r.txt', Body: 'abcdef' }));
    const future = new Date(Date.now() + 60_000).toUTCString();

    // Act
    const suffix = await rawRequest(server.port, 'GET', '/incoming/r.txt', { range: 'bytes=-2' });
    const open = await rawRequest(server.port, 'GET', '/incoming/r.txt', { range: 'bytes=4-' });
    const beyond = await rawRequest(server.port, 'GET', '/incoming/r.txt', { range: 'bytes=6-9' });
    const noneMatch = await rawRequest(server.port, 'GET', '/incoming/r.txt', { 'if-none-match': put.ETag! });
    const notModified = await rawRequest(server.port, 'GET', '/incoming/r.txt', { 'if-modified-since': future });
    const unmodified = await rawRequest(server.port, 'GET', '/incoming/r.txt', { 'if-unmodified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' });

    // Assess
    expect([suffix.status, suffix.body, suffix.headers['content-range']]).toEqual([206, 'ef', 'bytes 4-5/6']);
    expect([open.status, open.body]).toEqual([206, 'ef']);
    expect(beyond.status).toBe(416);
    expect(beyond.body).toContain('<Code>InvalidRange</Code>');
    expect(beyond.headers['content-range']).toBe('bytes */6');
    expect([noneMatch.status, noneMatch.body, noneMatch.headers.etag]).toEqual([304, '', put.ETag]);
    expect(notModified.status).toBe(304);
    expect(unmodified.status).toBe(412);
  });

  it('multipart ETag `"<md5 of md5s>-N"` computed as AWS does; parts validated (InvalidPartOrder, InvalidPart, EntityTooSmall)', async () => {
    // Prepare
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB + 3), randomBytes(1000)];
    const expected = `"${createHash('md5')
      .update(Buffer.concat(parts.map(md5)))
      .digest('hex')}-3"`;
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'mp.bin', ContentType: 'application/x-test' }),
    );
    const uploaded = [];
    for (const [index, body] of parts.entries()) {
      const { ETag } = await s3.send(
        new UploadPartCommand({ Bucket: 'incoming', Key: 'mp.bin', UploadId, PartNumber: index + 1, Body: body }),
      );
      uploaded.push({ ETag, PartNumber: index + 1 });
    }
    const { UploadId: smallId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'small.bin' }));
    const small = [];
    for (const part of [1, 2])
      small.push({
        PartNumber: part,
        ETag: (
          await s3.send(new UploadPartCommand({ Bucket: 'incoming', Key: 'small.bin', UploadId: smallId, PartNumber: part, Body: 'tiny' }))
        ).ETag,
      });

    // Act
    const listedParts = await s3.send(new ListPartsCommand({ Bucket: 'incoming', Key: 'mp.bin', UploadId }));
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'incoming' }));
    const outOfOrder = await sdkRejection(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'incoming',
          Key: 'mp.bin',
          UploadId,
          MultipartUpload: { Parts: [uploaded[1]!, uploaded[0]!] },
        }),
      ),
    );
    const wrongEtag = await sdkRejection(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'incoming',
          Key: 'mp.bin',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }] },
        }),
      ),
    );
    const tooSmall = await sdkRejection(
      s3.send(
        new CompleteMultipartUploadCommand({ Bucket: 'incoming', Key: 'small.bin', UploadId: smallId, MultipartUpload: { Parts: small } }),
      ),
    );
    const completed = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'incoming', Key: 'mp.bin', UploadId, MultipartUpload: { Parts: uploaded } }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'mp.bin' }));
    const bytes = Buffer.from(
      await (await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'mp.bin' }))).Body!.transformToByteArray(),
    );
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'incoming', Key: 'small.bin', UploadId: smallId }));
    const events = await server.waitForEvents(1);

    // Assess
    expect(listedParts.Parts?.map((part) => [part.PartNumber, part.Size])).toEqual([
      [1, 5 * MiB],
      [2, 5 * MiB + 3],
      [3, 1000],
    ]);
    expect(uploads.Uploads?.map((upload) => upload.Key).sort()).toEqual(['mp.bin', 'small.bin']);
    expect(outOfOrder).toMatchObject({ name: 'InvalidPartOrder', status: 400 });
    expect(wrongEtag).toMatchObject({ name: 'InvalidPart', status: 400 });
    expect(tooSmall).toMatchObject({ name: 'EntityTooSmall', status: 400 });
    expect(completed.ETag).toBe(expected);
    expect(head.ETag).toBe(expected);
    expect(head.ContentType).toBe('application/x-test');
    expect(bytes.equals(Buffer.concat(parts))).toBe(true);
    expect(events.map((event) => [event.eventName, event.s3.object.eTag, event.s3.object.size])).toEqual([
      ['ObjectCreated:CompleteMultipartUpload', expected.replace(/"/g, ''), bytes.length],
    ]);
  });

  it('UploadPartCopy copies a byte range of a stored object into a part', async () => {
    // Prepare
    const source = randomBytes(6 * MiB);
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'source.bin', Body: source }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'assembled.bin' }));

    // Act
    const first = await s3.send(
      new UploadPartCopyCommand({
        Bucket: 'incoming',
        Key: 'assembled.bin',
        UploadId,
        PartNumber: 1,
        CopySource: 'incoming/source.bin',
        CopySourceRange: `bytes=0-${5 * MiB - 1}`,
      }),
    );
    const second = await s3.send(
      new UploadPartCopyCommand({
        Bucket: 'incoming',
        Key: 'assembled.bin',
        UploadId,
        PartNumber: 2,
        CopySource: 'incoming/source.bin',
        CopySourceRange: `bytes=${5 * MiB}-${6 * MiB - 1}`,
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'incoming',
        Key: 'assembled.bin',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: first.CopyPartResult?.ETag },
            { PartNumber: 2, ETag: second.CopyPartResult?.ETag },
          ],
        },
      }),
    );
    const bytes = Buffer.from(
      await (await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'assembled.bin' }))).Body!.transformToByteArray(),
    );

    // Assess
    expect(bytes.equals(source)).toBe(true);
  });

  it('lists with prefix, delimiter/CommonPrefixes, max-keys + continuation-token, start-after, encoding-type=url, and v1 markers', async () => {
    // Prepare
    const keys = ['a/1.txt', 'a/2.txt', 'b/x/1.txt', 'b/y.txt', 'c d+e.txt', 'top.txt'];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: key, Body: key }));

    // Act
    const pages: string[][] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const response = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming', MaxKeys: 2, ContinuationToken: token }));
      pages.push((response.Contents ?? []).map((object) => object.Key!));
      token = response.NextContinuationToken;
      if (!response.IsTruncated) break;
    }
    const delimited = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming', Delimiter: '/' }));
    const delimitedPages = [];
    let marker: string | undefined;
    for (let page = 0; page < 10; page++) {
      const response = await s3.send(new ListObjectsCommand({ Bucket: 'incoming', Delimiter: '/', MaxKeys: 1, Marker: marker }));
      delimitedPages.push([
        ...(response.CommonPrefixes ?? []).map((prefix) => prefix.Prefix),
        ...(response.Contents ?? []).map((object) => object.Key),
      ]);
      marker = response.NextMarker;
      if (!response.IsTruncated) break;
    }
    const prefixed = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming', Prefix: 'b/', Delimiter: '/' }));
    const after = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming', StartAfter: 'b/y.txt' }));
    const encoded = await rawRequest(server.port, 'GET', '/incoming?list-type=2&encoding-type=url&prefix=c');

    // Assess
    expect(pages).toEqual([
      ['a/1.txt', 'a/2.txt'],
      ['b/x/1.txt', 'b/y.txt'],
      ['c d+e.txt', 'top.txt'],
    ]);
    expect(delimited.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['a/', 'b/']);
    expect(delimited.Contents?.map((object) => object.Key)).toEqual(['c d+e.txt', 'top.txt']);
    expect(delimitedPages).toEqual([['a/'], ['b/'], ['c d+e.txt'], ['top.txt']]);
    expect(prefixed.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['b/x/']);
    expect(prefixed.Contents?.map((object) => object.Key)).toEqual(['b/y.txt']);
    expect(after.Contents?.map((object) => object.Key)).toEqual(['c d+e.txt', 'top.txt']);
    expect(encoded.body).toContain('<Key>c%20d%2Be.txt</Key>');
    expect(encoded.body).toContain('<EncodingType>url</EncodingType>');
  });

  it('escapes listed keys once in XML (a&b<c> comes back as a&b<c>)', async () => {
    // Prepare
    const key = `a&b<c>"'.txt`;
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: key, Body: 'x' }));

    // Act
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming' }));

    // Assess
    expect(listed.Contents?.map((object) => object.Key)).toEqual([key]);
  });

  it('DeleteObjects deletes keys (Quiet reports errors only); DeleteBucket refuses a bucket that is not empty', async () => {
    // Prepare
    for (const key of ['d/1', 'd/2', 'd/3']) await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: key, Body: key }));

    // Act
    const verbose = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'incoming', Delete: { Objects: [{ Key: 'd/1' }, { Key: 'd/missing' }] } }),
    );
    const notEmpty = await sdkRejection(s3.send(new DeleteBucketCommand({ Bucket: 'incoming' })));
    const quiet = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'incoming', Delete: { Quiet: true, Objects: [{ Key: 'd/2' }, { Key: 'd/3' }] } }),
    );
    const left = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'incoming' }));
    const gone = await sdkRejection(s3.send(new ListObjectsV2Command({ Bucket: 'incoming' })));

    // Assess
    expect(verbose.Deleted?.map((deleted) => deleted.Key)).toEqual(['d/1', 'd/missing']);
    expect(notEmpty).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
    expect(quiet.Deleted).toBeUndefined();
    expect(quiet.Errors).toBeUndefined();
    expect(left.KeyCount).toBe(0);
    expect(gone).toMatchObject({ name: 'NoSuchBucket', status: 404 });
  });

  it('sub-resources it does not serve → 501 NotImplemented naming the operation; other unknown parameters are ignored', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'tagged.txt', Body: 'x' }));

    // Act
    const retention = await rawRequest(server.port, 'GET', '/incoming/tagged.txt?retention');
    const website = await rawRequest(server.port, 'PUT', '/incoming?website', { 'content-length': 0 });
    const ignored = await rawRequest(server.port, 'GET', '/incoming/tagged.txt?not-a-subresource=1');

    // Assess
    expect(retention.status).toBe(501);
    expect(retention.body).toContain('<Code>NotImplemented</Code>');
    expect(retention.body).toContain('GetObjectRetention');
    expect(website.status).toBe(501);
    expect(website.body).toContain('PutBucketWebsite');
    expect(ignored).toMatchObject({ status: 200, body: 'x' }); // unknown parameters are ignored, as S3 ignores them
  });
});

describe('S3 multipart uploads joined while the client waits', () => {
  it('completes a 70 MiB upload with 200 sent before the join and the result document after it, and streams the object back', async () => {
    // Prepare
    const server = await startS3TestServer(['incoming']);
    const s3 = server.client();
    const part = randomBytes(5 * MiB);
    const count = 14;
    try {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'joined.bin' }));
      const parts = [];
      for (let number = 1; number <= count; number++) {
        const { ETag } = await s3.send(
          new UploadPartCommand({ Bucket: 'incoming', Key: 'joined.bin', UploadId, PartNumber: number, Body: part }),
        );
        parts.push({ PartNumber: number, ETag });
      }
      const expected = `"${createHash('md5')
        .update(Buffer.concat(Array.from({ length: count }, () => md5(part))))
        .digest('hex')}-${count}"`;

      // Act
      const xml = `<CompleteMultipartUpload>${parts.map((p) => `<Part><PartNumber>${p.PartNumber}</PartNumber><ETag>${p.ETag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
      const completed = await rawRequest(
        server.port,
        'POST',
        `/incoming/joined.bin?uploadId=${UploadId}`,
        { 'content-length': Buffer.byteLength(xml) },
        xml,
      );
      const get = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'joined.bin' }));
      const digest = createHash('sha256');
      let size = 0;
      for await (const chunk of get.Body as AsyncIterable<Buffer>) {
        digest.update(chunk);
        size += chunk.length;
      }

      // Assess: streamed (no Content-Length: the status went out before the join), then the result
      expect(completed.status).toBe(200);
      expect(completed.headers['transfer-encoding']).toBe('chunked');
      expect(completed.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n\s*<CompleteMultipartUploadResult /);
      expect(completed.body).toContain(`<ETag>${expected.replace(/"/g, '&quot;')}</ETag>`);
      expect(size).toBe(count * part.length);
      expect(digest.digest('hex')).toBe(
        createHash('sha256')
          .update(Buffer.concat(Array.from({ length: count }, () => part)))
          .digest('hex'),
      );
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('S3 GetObject streaming', () => {
  it('destroys the file stream when the client aborts mid-body: 20 aborted GETs leave no file descriptor open', async () => {
    // Prepare
    const server = await startS3TestServer(['incoming']);
    const s3 = server.client();
    const openFds = () => readdirSync('/proc/self/fd').length;
    try {
      await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'large.bin', Body: randomBytes(16 * MiB) }));
      const before = openFds();

      // Act
      for (let attempt = 0; attempt < 20; attempt++) {
        await new Promise<void>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: server.port, path: '/incoming/large.bin' }, (res) => {
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          });
          req.on('error', (error) => (req.destroyed ? resolve() : reject(error)));
          req.end();
        });
      }
      let after = openFds();
      for (let wait = 0; wait < 100 && after > before; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = openFds();
      }
      const whole = await (await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'large.bin' }))).Body!.transformToByteArray();

      // Assess
      expect(after).toBeLessThanOrEqual(before);
      expect(whole.length).toBe(16 * MiB);
    } finally {
      await server.close();
    }
  });
});

describe('S3 conditional writes and reads of parts', () => {
  it('PutObject If-None-Match: * refuses to overwrite (412); If-Match with a stale ETag is refused; GetObject partNumber=1 of a single-part object is all of it', async () => {
    // Prepare
    const server = await startS3TestServer(['incoming']);
    const s3 = server.client();
    try {
      const first = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'once.txt', Body: 'first', IfNoneMatch: '*' }));
      await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'once.txt', Body: 'second', IfMatch: first.ETag }));

      // Act
      const again = await sdkRejection(
        s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'once.txt', Body: 'third', IfNoneMatch: '*' })),
      );
      const stale = await sdkRejection(
        s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'once.txt', Body: 'fourth', IfMatch: first.ETag })),
      );
      const body = await (await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'once.txt' }))).Body!.transformToString();
      const part = await rawRequest(server.port, 'GET', '/incoming/once.txt?partNumber=1');

      // Assess
      expect(again).toMatchObject({ name: 'PreconditionFailed', status: 412 });
      expect(stale).toMatchObject({ name: 'PreconditionFailed', status: 412 });
      expect(body).toBe('second');
      expect(part).toMatchObject({ status: 200, body: 'second' });
    } finally {
      await server.close();
    }
  });
});
