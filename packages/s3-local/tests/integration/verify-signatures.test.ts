import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createS3Service, startS3Local, type S3Local } from '../../src/index.js';
import { listTree, rawRequest, sdkRejection } from '../helpers/s3-server.js';
import { OTHER_KEY, OWNER_KEY, startVerifyingServer, type VerifyingServer } from '../helpers/verifying-server.js';

let server: VerifyingServer | undefined;
let s3Local: S3Local | undefined;

afterEach(async () => {
  await server?.close();
  await s3Local?.close();
  server = undefined;
  s3Local = undefined;
});

describe('verifySignatures: SigV4 header auth', () => {
  it('serves SDK clients signing with a configured key (streamed uploads with trailing checksums, multipart) and owns the start buckets by the first key', async () => {
    // Prepare
    server = await startVerifyingServer(['incoming']);
    const s3 = server.client();

    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'a b/é.txt', Body: 'hello' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'multi' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'incoming', Key: 'multi', UploadId, PartNumber: 1, Body: 'part' }));
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'incoming',
        Key: 'multi',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming', FetchOwner: true }));

    // Assess
    expect(listed.Contents?.map((object) => [object.Key, object.Owner?.DisplayName, object.Owner?.ID])).toEqual([
      ['a b/é.txt', 'owner', OWNER_KEY.canonicalUserId],
      ['multi', 'owner', OWNER_KEY.canonicalUserId],
    ]);
  });

  it('refuses a wrong secret (403 SignatureDoesNotMatch), an unknown key (403 InvalidAccessKeyId) and unsigned calls without a grant (403 AccessDenied)', async () => {
    // Prepare
    server = await startVerifyingServer(['incoming']);
    const endpoint = server.s3Local.endpoint;
    const client = (accessKeyId: string, secretAccessKey: string) =>
      new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
    const wrongSecret = client(OWNER_KEY.accessKeyId, 'not-the-secret');
    const unknownKey = client('AKIDNOBODY0000000000', 'whatever');

    // Act
    const mismatch = await sdkRejection(wrongSecret.send(new ListBucketsCommand({})));
    const unknown = await sdkRejection(unknownKey.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'k', Body: 'x' })));
    const anonymousList = await rawRequest(server.port, 'GET', '/');
    const anonymousPut = await rawRequest(server.port, 'PUT', '/incoming/k', { 'content-length': 1 }, 'x');
    wrongSecret.destroy();
    unknownKey.destroy();

    // Assess
    expect(mismatch).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(unknown).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
    expect(anonymousList.status).toBe(403);
    expect(anonymousList.body).toContain('<Code>AccessDenied</Code>');
    expect(anonymousPut.status).toBe(403);
  });

  it("each key is its own owner: ListBuckets lists the caller's buckets, another owner's name is BucketAlreadyExists, its private objects are 403", async () => {
    // Prepare
    server = await startVerifyingServer();
    const owner = server.client(OWNER_KEY);
    const other = server.client(OTHER_KEY);
    await owner.send(new CreateBucketCommand({ Bucket: 'owners-bucket' }));
    await other.send(new CreateBucketCommand({ Bucket: 'others-bucket' }));
    await owner.send(new PutObjectCommand({ Bucket: 'owners-bucket', Key: 'private', Body: 'secret' }));

    // Act
    const ownersList = await owner.send(new ListBucketsCommand({}));
    const othersList = await other.send(new ListBucketsCommand({}));
    const taken = await sdkRejection(other.send(new CreateBucketCommand({ Bucket: 'owners-bucket' })));
    const read = await sdkRejection(other.send(new GetObjectCommand({ Bucket: 'owners-bucket', Key: 'private' })));
    const missing = await sdkRejection(other.send(new GetObjectCommand({ Bucket: 'owners-bucket', Key: 'no-such-key' })));
    const list = await sdkRejection(other.send(new ListObjectsV2Command({ Bucket: 'owners-bucket' })));

    // Assess
    expect(ownersList.Buckets?.map((bucket) => bucket.Name)).toEqual(['owners-bucket']);
    expect(ownersList.Owner).toEqual({ ID: OWNER_KEY.canonicalUserId, DisplayName: 'owner' });
    expect(othersList.Buckets?.map((bucket) => bucket.Name)).toEqual(['others-bucket']);
    expect(taken).toMatchObject({ name: 'BucketAlreadyExists', status: 409 });
    expect(read).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(missing.status).toBe(403); // no ListBucket permission: a missing key is not revealed
    expect(list).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('answers an unauthorised PUT with Expect: 100-continue with 403 before the body is sent; an allowed one gets 100 Continue', async () => {
    // Prepare
    server = await startVerifyingServer(['incoming']);
    const firstLine = (path: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(server!.port, '127.0.0.1', () => {
          socket.write(`PUT ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server!.port}\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n`);
        });
        socket.once('data', (data) => {
          resolve(data.toString('latin1').split('\r\n')[0]!);
          socket.destroy();
        });
        socket.once('error', reject);
      });
    const s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket: 'open', ACL: 'public-read-write' }));

    // Act
    const refused = await firstLine('/incoming/k');
    const allowed = await firstLine('/open/k');

    // Assess
    expect(refused).toBe('HTTP/1.1 403 Forbidden');
    expect(allowed).toBe('HTTP/1.1 100 Continue');
  });
});

describe('verifySignatures: presigned URLs', () => {
  it('a URL presigned with the SDK works until it expires, then 403 "Request has expired"; a changed URL is 403 SignatureDoesNotMatch', async () => {
    // Prepare
    server = await startVerifyingServer(['incoming']);
    const s3 = server.client();
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'shared.txt', Body: 'shared' }));
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'incoming', Key: 'shared.txt' }), { expiresIn: 60 });
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'incoming', Key: 'uploaded.txt' }), { expiresIn: 60 });

    // Act
    const inTime = await fetch(url);
    const inTimeBody = await inTime.text();
    const put = await fetch(putUrl, { method: 'PUT', body: 'via presigned PUT' });
    const tampered = await fetch(url.replace('shared.txt', 'uploaded.txt'));
    server.advance(61_000);
    const late = await fetch(url);
    const lateBody = await late.text();

    // Assess
    expect([inTime.status, inTimeBody]).toEqual([200, 'shared']);
    expect(put.status).toBe(200);
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'uploaded.txt' }))).Body!.transformToString()).toBe(
      'via presigned PUT',
    );
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(late.status).toBe(403);
    expect(lateBody).toContain('<Message>Request has expired</Message>');
  });
});

describe('verifySignatures: signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', () => {
  // The request of the S3 API reference's worked example (sigv4-streaming, "Example: PUT Object"), sent as documented.
  const signatures = [
    'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ];
  const headers = {
    host: 's3.amazonaws.com',
    'x-amz-date': '20130524T000000Z',
    'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': '66560',
    'content-length': '66824',
  };
  const body = (chunkSignatures: string[]) =>
    Buffer.concat([
      Buffer.from(`10000;chunk-signature=${chunkSignatures[0]}\r\n`),
      Buffer.alloc(65536, 'a'),
      Buffer.from(`\r\n400;chunk-signature=${chunkSignatures[1]}\r\n`),
      Buffer.alloc(1024, 'a'),
      Buffer.from(`\r\n0;chunk-signature=${chunkSignatures[2]}\r\n\r\n`),
    ]);

  async function startAsTheExample(): Promise<number> {
    s3Local = await startS3Local({
      port: 0,
      buckets: ['examplebucket'],
      allowedHosts: ['s3.amazonaws.com'],
      verifySignatures: true,
      accessKeys: [{ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }],
      clock: () => Date.parse('2013-05-24T00:01:00Z'),
    });
    return Number(new URL(s3Local.endpoint).port);
  }

  it('stores the documented upload, each chunk signature checked', async () => {
    // Prepare
    const port = await startAsTheExample();

    // Act
    const put = await rawRequest(port, 'PUT', '/examplebucket/chunkObject.txt', headers, body(signatures));
    const head = await rawRequest(port, 'HEAD', '/examplebucket/chunkObject.txt', { host: 's3.amazonaws.com', authorization: 'none' });

    // Assess
    expect(put.status).toBe(200);
    expect(head.status).toBe(400); // an Authorization header that is not SigV4 is refused, not taken as anonymous
  });

  it('refuses a chunk whose signature does not chain (403 SignatureDoesNotMatch) and stores nothing', async () => {
    // Prepare
    const port = await startAsTheExample();
    const swapped = [signatures[1]!, signatures[0]!, signatures[2]!];

    // Act
    const put = await rawRequest(port, 'PUT', '/examplebucket/chunkObject.txt', headers, body(swapped));
    const listing = await rawRequest(port, 'GET', '/examplebucket?list-type=2', { host: 's3.amazonaws.com' });

    // Assess
    expect(put.status).toBe(403);
    expect(put.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(listing.status).toBe(403); // anonymous: no grant on the bucket
    expect(listTree(s3Local!.dataDir).filter((path) => path.endsWith('.data'))).toEqual([]);
  });
});

describe('verifySignatures off (the default)', () => {
  it('any credentials, and none, work', async () => {
    // Prepare
    s3Local = await startS3Local({ port: 0, buckets: ['incoming'] });
    const s3 = new S3Client({
      endpoint: s3Local.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'anything', secretAccessKey: 'at all' },
    });
    const port = Number(new URL(s3Local.endpoint).port);

    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'k', Body: 'signed with any key' }));
    const unsigned = await rawRequest(port, 'GET', '/incoming/k');
    s3.destroy();

    // Assess
    expect(unsigned).toMatchObject({ status: 200, body: 'signed with any key' });
  });

  it('refuses verifySignatures without access keys, and access keys given twice', async () => {
    // Act
    const none = startS3Local({ port: 0, buckets: [], verifySignatures: true });
    const twice = startS3Local({ port: 0, buckets: [], verifySignatures: true, accessKeys: [OWNER_KEY, OWNER_KEY] });

    // Assess
    await expect(none).rejects.toThrow('verifySignatures needs at least one access key');
    await expect(twice).rejects.toThrow(`Access key ${OWNER_KEY.accessKeyId} is given twice`);
  });
});

describe("verifySignatures: trustedRequest (an embedding server's own pages)", () => {
  it('a request trustedRequest accepts is served unsigned as the owner of the start buckets; any other unsigned request is anonymous (403)', async () => {
    // Prepare: the embedding server trusts requests that carry its marker header
    const root = mkdtempSync(join(tmpdir(), 'sizegate-s3-trusted-'));
    const service = await createS3Service({
      directory: join(root, 'data'),
      buckets: ['incoming'],
      region: 'us-east-1',
      verifySignatures: true,
      accessKeys: [OWNER_KEY, OTHER_KEY],
      trustedRequest: (req) => req.headers['x-test-own-page'] === 'yes',
    });
    const http = createServer((req, res) => service.handle(req, res));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as AddressInfo).port;
    const owner = new S3Client({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true, credentials: OWNER_KEY });

    try {
      // Act
      const trusted = await rawRequest(port, 'PUT', '/incoming/from-page.txt', { 'x-test-own-page': 'yes' }, 'uploaded by the page');
      const anonymous = await rawRequest(port, 'PUT', '/incoming/anonymous.txt', {}, 'nobody');
      const stored = await owner.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'from-page.txt' }));
      const listed = await owner.send(new ListObjectsV2Command({ Bucket: 'incoming', FetchOwner: true }));

      // Assess
      expect(trusted.status).toBe(200);
      expect(anonymous.status).toBe(403);
      expect(anonymous.body).toContain('<Code>AccessDenied</Code>');
      expect(await stored.Body?.transformToString()).toBe('uploaded by the page');
      expect(listed.Contents?.map((object) => [object.Key, object.Owner?.ID])).toEqual([['from-page.txt', OWNER_KEY.canonicalUserId]]);
    } finally {
      owner.destroy();
      await new Promise((resolve) => http.close(resolve));
      await service.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
