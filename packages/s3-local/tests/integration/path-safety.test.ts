import {
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkRejection } from '../helpers/s3-server.js';
import { listTree, rawRequest, startS3TestServer, type S3TestServer } from '../helpers/s3-server.js';

/** Files outside the data directory that no request may read, overwrite or delete. */
const BAIT = 'secret.txt';
const BAIT_CONTENT = 'outside the data dir';
/**
 * The data directory sits 8 levels below the test's root, so every escape the keys below could
 * make (6 `..` at most, from the data directory or below it) lands inside the root, where
 * outsideSnapshot sees it; a bait on each level means a path-joining read would find one.
 */
const LEVELS = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7'];
const DATA_PATH = [...LEVELS, 'data'].join('/');
const BAIT_DIRS = Array.from({ length: LEVELS.length + 1 }, (_, depth) => LEVELS.slice(0, depth).join('/'));
const BAITS = BAIT_DIRS.map((dir) => (dir === '' ? BAIT : `${dir}/${BAIT}`));

describe('S3 keys are literal: nothing outside the data directory is touched', () => {
  let server: S3TestServer;
  let s3: S3Client;
  let uploadId: string;

  beforeAll(async () => {
    server = await startS3TestServer(['incoming'], DATA_PATH);
    s3 = server.client();
    for (const bait of BAITS) writeFileSync(join(server.root, bait), BAIT_CONTENT);
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'seed.txt', Body: 'seed' }));
    ({ UploadId: uploadId = '' } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'upload.bin' })));
  });
  afterAll(async () => {
    await server.close();
  });

  /** Everything outside the data directory, and what the baits hold. */
  function outsideSnapshot() {
    return {
      tree: listTree(server.root).filter((entry) => entry !== DATA_PATH && !entry.startsWith(`${DATA_PATH}/`)),
      baits: BAITS.map((bait) => readFileSync(join(server.root, bait), 'utf8')),
    };
  }

  it("S3 keys with `..` segments (raw, %2F/%2E-encoded, via CopyObject's source header) are stored as literal keys and no file is written, read or deleted outside --data-dir", async () => {
    // Prepare
    const before = outsideSnapshot();
    const variants: [path: string, key: string][] = [
      ['/incoming/../../../../../../secret.txt', '../../../../../../secret.txt'],
      ['/incoming/%2E%2E/%2e%2e/secret.txt', '../../secret.txt'],
      ['/incoming/..%2F..%2F..%2Fsecret.txt', '../../../secret.txt'],
      ['/incoming/a/%2e./..%2f../../secret.txt', 'a/../../../../secret.txt'],
      ['/incoming/..%5C..%5Csecret.txt', '..\\..\\secret.txt'],
      ['/incoming//../secret.txt', '/../secret.txt'],
    ];

    // Act
    const results = [];
    for (const [path, key] of variants) {
      const readBefore = await rawRequest(server.port, 'GET', path);
      const put = await rawRequest(server.port, 'PUT', path, { 'content-length': Buffer.byteLength(`body of ${key}`) }, `body of ${key}`);
      const viaSdk = await (await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: key }))).Body!.transformToString();
      const readAgain = await rawRequest(server.port, 'GET', path);
      results.push({ key, readBefore: readBefore.status, put: put.status, viaSdk, readAgain: readAgain.body });
    }
    const copySource = `incoming/${encodeURIComponent('../../secret.txt')}`;
    await s3.send(new CopyObjectCommand({ Bucket: 'incoming', Key: '../copied/../../secret.txt', CopySource: copySource }));
    const copied = await (
      await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: '../copied/../../secret.txt' }))
    ).Body!.transformToString();
    const rawCopy = await rawRequest(server.port, 'PUT', '/incoming/..%2Fraw-copy', {
      'x-amz-copy-source': '/incoming/../../../../../../secret.txt',
      'content-length': 0,
    });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming' }));
    const deleted = await rawRequest(server.port, 'DELETE', '/incoming/../../../../../../secret.txt');
    const goneAfterDelete = await sdkRejection(s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: '../../../../../../secret.txt' })));

    // Assess
    for (const result of results) {
      expect(result).toEqual({
        key: result.key,
        readBefore: 404,
        put: 200,
        viaSdk: `body of ${result.key}`,
        readAgain: `body of ${result.key}`,
      });
    }
    expect(copied).toBe('body of ../../secret.txt');
    expect(rawCopy.status).toBe(200);
    expect(listed.Contents?.map((object) => object.Key)).toEqual(
      expect.arrayContaining([...variants.map(([, key]) => key), '../copied/../../secret.txt', '../raw-copy']),
    );
    expect(deleted.status).toBe(204);
    expect(goneAfterDelete).toMatchObject({ name: 'NotFound' });
    expect(outsideSnapshot()).toEqual(before);
    expect(before.tree).toEqual([...BAIT_DIRS.filter((dir) => dir !== ''), ...BAITS].sort());
    expect(listTree(server.directory).filter((entry) => entry.includes('secret'))).toEqual([]);
  });

  it('stores a POST form upload whose key has .. segments under the literal key, nothing outside', async () => {
    // Prepare
    const before = outsideSnapshot();
    const boundary = 'form-boundary';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\n../../../../../../form-escape.txt\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\n\r\nform body\r\n--${boundary}--\r\n`;

    // Act
    const post = await rawRequest(
      server.port,
      'POST',
      '/incoming',
      { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': Buffer.byteLength(body) },
      body,
    );
    const stored = await (
      await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: '../../../../../../form-escape.txt' }))
    ).Body!.transformToString();

    // Assess
    expect(post.status).toBe(204);
    expect(stored).toBe('form body');
    expect(outsideSnapshot()).toEqual(before);
  });

  it('1,024-byte keys and 250+-byte segments round trip; 1,025-byte key → KeyTooLongError', async () => {
    // Prepare
    const longSegment = 'é'.repeat(130); // 260 bytes in one segment
    const segmentKey = `dir/${longSegment}/${'s'.repeat(300)}.txt`;
    const fullKey = `${'k'.repeat(1000)}/${'é'.repeat(10)}.bx`; // 1000 + 1 + 20 + 3 = 1,024 bytes
    const tooLong = `${fullKey}x`;

    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: segmentKey, Body: 'segment' }));
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: fullKey, Body: 'full' }));
    const segmentBody = await (await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: segmentKey }))).Body!.transformToString();
    const fullBody = await (await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: fullKey }))).Body!.transformToString();
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming', Prefix: 'kkk' }));
    const rejected = await sdkRejection(s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: tooLong, Body: 'x' })));

    // Assess
    expect(Buffer.byteLength(fullKey)).toBe(1024);
    expect(segmentBody).toBe('segment');
    expect(fullBody).toBe('full');
    expect(listed.Contents?.map((object) => object.Key)).toEqual([fullKey]);
    expect(rejected).toMatchObject({ name: 'KeyTooLongError', status: 400 });
  });

  it('refuses bucket names that are paths with InvalidBucketName', async () => {
    // Prepare
    const before = outsideSnapshot();

    // Act
    const dotDot = await rawRequest(server.port, 'PUT', '/../escaped.txt', { 'content-length': 4 }, 'evil');
    const encoded = await rawRequest(server.port, 'PUT', '/..%2F..%2Fescaped-bucket/escaped.txt', { 'content-length': 4 }, 'evil');
    const createEncoded = await rawRequest(server.port, 'PUT', '/..%2F..%2Fescaped-bucket', { 'content-length': 0 });
    const copyFromDotDot = await rawRequest(server.port, 'PUT', '/incoming/stolen.txt', {
      'x-amz-copy-source': '/../secret.txt',
      'content-length': 0,
    });

    // Assess
    for (const response of [dotDot, encoded, createEncoded, copyFromDotDot]) {
      expect(response.status).toBe(400);
      expect(response.body).toContain('<Code>InvalidBucketName</Code>');
    }
    expect(outsideSnapshot()).toEqual(before);
  });

  it('refuses upload ids and part numbers that are paths (NoSuchUpload / InvalidArgument)', async () => {
    // Prepare
    const before = outsideSnapshot();

    // Act
    const badUploadId = await rawRequest(
      server.port,
      'PUT',
      '/incoming/upload.bin?partNumber=1&uploadId=..%2F..%2F..%2Fescaped',
      { 'content-length': 4 },
      'evil',
    );
    const badPartNumber = await rawRequest(
      server.port,
      'PUT',
      `/incoming/upload.bin?partNumber=..%2F..%2Fescaped&uploadId=${uploadId}`,
      { 'content-length': 4 },
      'evil',
    );
    const completeBadId = await rawRequest(server.port, 'POST', '/incoming/upload.bin?uploadId=..%2F..', { 'content-length': 0 });
    const unknownId = await rawRequest(
      server.port,
      'PUT',
      `/incoming/upload.bin?partNumber=1&uploadId=${'0'.repeat(32)}`,
      { 'content-length': 4 },
      'evil',
    );

    // Assess
    expect(badUploadId.status).toBe(404);
    expect(badUploadId.body).toContain('<Code>NoSuchUpload</Code>');
    expect(badPartNumber.status).toBe(400);
    expect(badPartNumber.body).toContain('<Code>InvalidArgument</Code>');
    expect(completeBadId.status).toBe(404);
    expect(completeBadId.body).toContain('<Code>NoSuchUpload</Code>');
    expect(unknownId.status).toBe(404);
    expect(unknownId.body).toContain('<Code>NoSuchUpload</Code>');
    expect(outsideSnapshot()).toEqual(before);
  });

  it('stores objects under hashed names only: no key text appears in the data directory', async () => {
    // Prepare
    const key = 'visible-name/report.csv';

    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: key, Body: 'x' }));
    const tree = listTree(server.directory);

    // Assess
    expect(tree.some((entry) => entry.includes('visible-name') || entry.includes('report.csv'))).toBe(false);
    expect(
      tree.filter((entry) => /^buckets\/incoming\/objects\/[0-9a-f]{2}\/[0-9a-f]{64}\/[A-Za-z0-9_-]+\.json$/.test(entry)).length,
    ).toBeGreaterThan(0);
  });

  it('deletes a key with .. segments without touching the file it would name', async () => {
    // Prepare: the object exists (a delete of a missing key answers 204 too, and would prove nothing).
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: '../../secret.txt', Body: 'the object' }));
    const existed = await s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: '../../secret.txt' }));
    const before = outsideSnapshot();

    // Act
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: 'incoming', Key: '../../secret.txt' }));
    const afterDelete = await sdkRejection(s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: '../../secret.txt' })));

    // Assess
    expect(existed.ContentLength).toBe('the object'.length);
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(afterDelete).toMatchObject({ name: 'NotFound', status: 404 });
    expect(outsideSnapshot()).toEqual(before);
    expect(before.baits.every((content) => content === BAIT_CONTENT)).toBe(true);
  });
});
