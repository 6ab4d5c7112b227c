import { CreateMultipartUploadCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTree, rawRequest, startS3TestServer, type S3TestServer } from '../helpers/s3-server.js';

/** A file outside the data directory, shaped like an s3rver object, that no request may read. */
const BAIT = 'secret.txt._S3rver_object';

function formUpload(key: string, content: string) {
  const boundary = '----sizegate-test-boundary';
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\n${key}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n` +
    `--${boundary}--\r\n`;
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': Buffer.byteLength(body) }, body };
}

describe('keys that s3rver would map outside its data directory', () => {
  let server: S3TestServer;
  let uploadId: string;

  beforeAll(async () => {
    server = await startS3TestServer(['incoming']);
    writeFileSync(join(server.root, BAIT), 'outside the data dir');
    const s3 = server.client();
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'seed.txt', Body: 'seed' }));
    ({ UploadId: uploadId = '' } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'upload.bin' })));
  });
  afterAll(async () => {
    await server.close();
  });

  /** Nothing exists next to the data directory but the bait, and the bait is untouched. */
  function assertNothingEscaped() {
    const outside = listTree(server.root).filter((entry) => entry !== 'data' && !entry.startsWith('data/'));
    expect(outside).toEqual([BAIT]);
    expect(existsSync(join(server.root, '..', 'escaped.txt._S3rver_object'))).toBe(false);
  }

  const keyVariants: [string, string][] = [
    ['plain .. segments', '/incoming/../../escaped.txt'],
    ['percent-encoded dots', '/incoming/%2E%2E/%2e%2e/escaped.txt'],
    ['encoded slashes', '/incoming/..%2F..%2Fescaped.txt'],
    ['mixed encodings', '/incoming/a/%2e./..%2f../../escaped.txt'],
    ['backslashes', '/incoming/..%5C..%5Cescaped.txt'],
  ];

  it.each(keyVariants)('refuses a PutObject key with %s (400 InvalidArgument naming the key)', async (_name, path) => {
    // Prepare
    const body = 'evil';

    // Act
    const response = await rawRequest(server.port, 'PUT', path, { 'content-length': body.length }, body);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toContain('<Code>InvalidArgument</Code>');
    expect(response.body).toMatch(/<ArgumentValue>[^<]*escaped\.txt<\/ArgumentValue>/);
    assertNothingEscaped();
  });

  it.each(keyVariants)('refuses a GetObject key with %s, so nothing outside is read', async (_name, path) => {
    // Prepare
    const readPath = path.replace('escaped.txt', 'secret.txt');

    // Act
    const response = await rawRequest(server.port, 'GET', readPath);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).not.toContain('outside the data dir');
    assertNothingEscaped();
  });

  it.each([
    ['a .. bucket', '/../escaped.txt'],
    ['a bucket with encoded slashes', '/..%2F..%2Fescaped-bucket/escaped.txt'],
  ])('refuses %s with InvalidBucketName', async (_name, path) => {
    // Act
    const response = await rawRequest(server.port, 'PUT', path, { 'content-length': 4 }, 'evil');

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toContain('<Code>InvalidBucketName</Code>');
    assertNothingEscaped();
  });

  it.each([
    ['an encoded .. source key', '/incoming/..%2F..%2Fsecret.txt'],
    ['a plain .. source key', 'incoming/../../secret.txt'],
    ['a .. source bucket', '/../secret.txt'],
  ])('refuses a CopyObject from %s, so nothing outside is copied in', async (_name, source) => {
    // Act
    const response = await rawRequest(server.port, 'PUT', '/incoming/stolen.txt', { 'x-amz-copy-source': source, 'content-length': 0 });

    // Assess
    expect(response.status).toBe(400);
    expect(existsSync(join(server.directory, 'incoming', 'stolen.txt._S3rver_object'))).toBe(false);
    assertNothingEscaped();
  });

  it('refuses a CopyObject to a .. destination key', async () => {
    // Act
    const response = await rawRequest(server.port, 'PUT', '/incoming/..%2F..%2Fescaped.txt', { 'x-amz-copy-source': 'incoming/seed.txt', 'content-length': 0 });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toContain('<Code>InvalidArgument</Code>');
    assertNothingEscaped();
  });

  it('refuses upload ids and part numbers that are paths (NoSuchUpload / InvalidArgument)', async () => {
    // Act
    const badUploadId = await rawRequest(server.port, 'PUT', '/incoming/upload.bin?partNumber=1&uploadId=..%2F..%2F..%2Fescaped', { 'content-length': 4 }, 'evil');
    const badPartNumber = await rawRequest(server.port, 'PUT', `/incoming/upload.bin?partNumber=..%2F..%2F..%2F..%2Fescaped&uploadId=${uploadId}`, { 'content-length': 4 }, 'evil');
    const completeBadId = await rawRequest(server.port, 'POST', '/incoming/upload.bin?uploadId=..%2F..', { 'content-length': 0 });

    // Assess
    expect(badUploadId.status).toBe(404);
    expect(badUploadId.body).toContain('<Code>NoSuchUpload</Code>');
    expect(badPartNumber.status).toBe(400);
    expect(completeBadId.status).toBe(404);
    assertNothingEscaped();
  });

  it('refuses a multipart upload and a POST form upload whose key has .. segments', async () => {
    // Prepare
    const form = formUpload('../../escaped.txt', 'evil');

    // Act
    const create = await rawRequest(server.port, 'POST', '/incoming/..%2F..%2Fescaped.txt?uploads', { 'content-length': 0 });
    const post = await rawRequest(server.port, 'POST', '/incoming', form.headers, form.body);

    // Assess
    expect(create.status).toBe(400);
    expect(post.status).toBe(400);
    expect(post.body).toContain('<Code>InvalidArgument</Code>');
    assertNothingEscaped();
  });

  it('refuses segments too long for a file name and keys longer than 1024 bytes', async () => {
    // Prepare
    const longSegment = 'é'.repeat(120); // 240 bytes: + s3rver's suffix, more than 255
    const longKey = Array.from({ length: 6 }, () => 'x'.repeat(200)).join('/');

    // Act
    const segment = await rawRequest(server.port, 'PUT', `/incoming/${encodeURIComponent(longSegment)}`, { 'content-length': 1 }, 'x');
    const key = await rawRequest(server.port, 'PUT', `/incoming/${longKey}`, { 'content-length': 1 }, 'x');

    // Assess
    expect(segment.status).toBe(400);
    expect(segment.body).toContain('<Code>InvalidArgument</Code>');
    expect(key.status).toBe(400);
    expect(key.body).toContain('<Code>KeyTooLongError</Code>');
  });

  it('still accepts keys where dots are only part of a segment', async () => {
    // Prepare
    const path = '/incoming/a..b/..c/d...';

    // Act
    const put = await rawRequest(server.port, 'PUT', path, { 'content-length': 2 }, 'ok');
    const get = await rawRequest(server.port, 'GET', path);

    // Assess
    expect(put.status).toBe(200);
    expect(get.body).toBe('ok');
  });
});
