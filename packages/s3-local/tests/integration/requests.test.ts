import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { Console } from 'node:console';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crc32c } from '../../src/checksums.js';
import { listTree, rawRequest, startS3TestServer, type S3TestServer } from '../helpers/s3-server.js';

const base64Crc = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes.toString('base64');
};

/** aws-chunked framing as SDKs send it: chunks of `chunkSize`, optional chunk signatures, trailer lines. */
function awsChunked(data: Buffer, chunkSize: number, options: { signed?: boolean; trailer?: string } = {}): Buffer {
  const ext = options.signed ? `;chunk-signature=${'0'.repeat(64)}` : '';
  const parts: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += chunkSize) {
    const chunk = data.subarray(offset, offset + chunkSize);
    parts.push(Buffer.from(`${chunk.length.toString(16)}${ext}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0${ext}\r\n${options.trailer ? `${options.trailer}\r\n` : ''}\r\n`));
  return Buffer.concat(parts);
}

describe('S3 requests: framing, checksums, signatures, addressing', () => {
  let server: S3TestServer;
  let s3: S3Client;

  beforeEach(async () => {
    server = await startS3TestServer(['incoming']);
    s3 = server.client();
  });
  afterEach(async () => {
    await server.close();
  });

  it('turns a browser POST form upload into an ObjectCreated:Post event', async () => {
    // Prepare
    const boundary = 'b0undary';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\nforms/my file.txt\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\n\r\nform content\r\n--${boundary}--\r\n`;

    // Act
    const response = await rawRequest(
      server.port,
      'POST',
      '/incoming',
      { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length },
      body,
    );
    const [event] = await server.waitForEvents(1);

    // Assess
    expect(response.status).toBe(204);
    expect(event).toMatchObject({ eventName: 'ObjectCreated:Post', s3: { object: { key: 'forms/my+file.txt', size: 12 } } });
  });

  it('streams a large POST form upload whose file contains boundary-like bytes, honouring ${filename}, fields and success_action_status 201', async () => {
    // Prepare
    const boundary = '----sizegate-form-7MA4YWxkTrZu0gW';
    const content = Buffer.concat([randomBytes(300_000), Buffer.from(`\r\n--${boundary.slice(0, -1)}X\r\n`), randomBytes(300_000)]);
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = Buffer.concat([
      Buffer.from(
        field('key', 'uploads/${filename}') +
          field('Content-Type', 'text/csv') +
          field('x-amz-meta-origin', 'form') +
          field('success_action_status', '201'),
      ),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="data.csv"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="submit"\r\n\r\nUpload\r\n--${boundary}--\r\n`),
    ]);

    // Act
    const response = await rawRequest(
      server.port,
      'POST',
      '/incoming',
      { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length },
      body,
    );
    const stored = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'uploads/data.csv' }));
    const bytes = Buffer.from(await stored.Body!.transformToByteArray());

    // Assess
    expect(response.status).toBe(201);
    expect(response.body).toContain('<Key>uploads/data.csv</Key>');
    expect(bytes.equals(content)).toBe(true);
    expect(stored.ContentType).toBe('text/csv');
    expect(stored.Metadata).toEqual({ origin: 'form' });
    expect(stored.ETag).toBe(`"${createHash('md5').update(content).digest('hex')}"`);
  });

  it('refuses a POST form field a response header could not carry (CR/LF in x-amz-meta-*), storing nothing', async () => {
    // Prepare
    const boundary = 'b0undary';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\nbad-meta.txt\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="x-amz-meta-note"\r\n\r\nline one\nline two\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\n\r\nx\r\n--${boundary}--\r\n`;

    // Act
    const response = await rawRequest(
      server.port,
      'POST',
      '/incoming',
      { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length },
      body,
    );
    const head = await rawRequest(server.port, 'HEAD', '/incoming/bad-meta.txt');

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toContain('<Code>InvalidArgument</Code>');
    expect(head.status).toBe(404);
  });

  it('accepts signed aws-chunked bodies with any access key, without verifying chunk signatures', async () => {
    // Prepare
    const data = randomBytes(20_000);
    const body = awsChunked(data, 8192, { signed: true });
    const headers = {
      authorization: 'AWS4-HMAC-SHA256 Credential=ANYKEY/20200101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=bogus',
      'x-amz-date': '20200101T000000Z', // far in the past: no clock-skew check either
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': data.length,
      'content-length': body.length,
    };

    // Act
    const put = await rawRequest(server.port, 'PUT', '/incoming/signed.bin', headers, body);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'signed.bin' }));

    // Assess
    expect(put.status).toBe(200);
    expect(head.ContentLength).toBe(data.length);
    expect(head.ETag).toBe(`"${createHash('md5').update(data).digest('hex')}"`);
  });

  it('verifies a CRC32C trailer and keeps a real content encoding next to aws-chunked', async () => {
    // Prepare
    const data = Buffer.from('pretend this is gzip');
    const body = awsChunked(data, 7, { trailer: `x-amz-checksum-crc32c:${base64Crc(crc32c(data, 0))}` });
    const headers = {
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'content-encoding': 'gzip,aws-chunked',
      'x-amz-trailer': 'x-amz-checksum-crc32c',
      'x-amz-decoded-content-length': data.length,
      'content-length': body.length,
    };

    // Act
    const put = await rawRequest(server.port, 'PUT', '/incoming/zipped', headers, body);
    const get = await rawRequest(server.port, 'GET', '/incoming/zipped');

    // Assess
    expect(put.status).toBe(200);
    expect(put.headers['x-amz-checksum-crc32c']).toBe(base64Crc(crc32c(data, 0)));
    expect(get.headers['content-encoding']).toBe('gzip');
    expect(get.body).toBe(data.toString());
  });

  it('refuses a body whose trailer checksum does not match, keeping the previous object and firing no event', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'kept.txt', Body: 'previous' }));
    await server.waitForEvents(1);
    const data = Buffer.from('corrupted in transit');
    const body = awsChunked(data, 8, { trailer: 'x-amz-checksum-crc32:AAAAAA==' });
    const headers = {
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'content-encoding': 'aws-chunked',
      'x-amz-trailer': 'x-amz-checksum-crc32',
      'x-amz-decoded-content-length': data.length,
      'content-length': body.length,
    };

    // Act
    const put = await rawRequest(server.port, 'PUT', '/incoming/kept.txt', headers, body);
    const get = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'kept.txt' }));

    // Assess
    expect(put.status).toBe(400);
    expect(put.body).toContain('<Code>BadDigest</Code>');
    expect(await get.Body!.transformToString()).toBe('previous');
    expect(server.events).toHaveLength(1);
    expect(listTree(server.directory).filter((entry) => /\/tmp\/./.test(entry))).toEqual([]);
  });

  it('refuses SDK uploads whose given CRC32 or Content-MD5 does not match with BadDigest', async () => {
    // Act
    const crc = await s3
      .send(new PutObjectCommand({ Bucket: 'incoming', Key: 'a.txt', Body: 'data', ChecksumCRC32: 'AAAAAA==' }))
      .catch((error: unknown) => error);
    const md5 = await s3
      .send(
        new PutObjectCommand({
          Bucket: 'incoming',
          Key: 'b.txt',
          Body: 'data',
          ContentMD5: createHash('md5').update('other').digest('base64'),
        }),
      )
      .catch((error: unknown) => error);

    // Assess
    expect(crc).toMatchObject({ name: 'BadDigest', $metadata: { httpStatusCode: 400 } });
    expect(md5).toMatchObject({ name: 'BadDigest', $metadata: { httpStatusCode: 400 } });
    expect(listTree(server.directory).filter((entry) => entry.endsWith('.data'))).toEqual([]);
  });

  it('keeps the previous object when a client disconnects in the middle of an upload', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'big.bin', Body: 'previous' }));
    await server.waitForEvents(1);

    // Act
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port: server.port,
        method: 'PUT',
        path: '/incoming/big.bin',
        headers: { 'content-length': 1_000_000 },
      });
      req.on('error', () => resolve());
      req.write(randomBytes(100_000), () => setTimeout(() => req.destroy(), 50));
      req.on('close', () => resolve());
    });
    let leftovers: string[] = [];
    for (let i = 0; i < 100; i++) {
      leftovers = listTree(server.directory).filter((entry) => /\/tmp\/./.test(entry));
      if (leftovers.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const get = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'big.bin' }));

    // Assess
    expect(await get.Body!.transformToString()).toBe('previous');
    expect(leftovers).toEqual([]);
    expect(server.events).toHaveLength(1);
  });

  it('serves presigned-style URLs with any signature, and virtual-host requests to <bucket>.localhost', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'shared.txt', Body: 'shared' }));
    const presigned =
      '/incoming/shared.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ANY%2F20200101%2Fus-east-1%2Fs3%2Faws4_request' +
      '&X-Amz-Date=20200101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=bogus&response-content-type=text%2Fplain';

    // Act
    const viaPresigned = await rawRequest(server.port, 'GET', presigned);
    const viaVirtualHost = await rawRequest(server.port, 'GET', '/shared.txt', { host: `incoming.localhost:${server.port}` });

    // Assess
    expect(viaPresigned.status).toBe(200);
    expect(viaPresigned.body).toBe('shared');
    expect(viaPresigned.headers['content-type']).toBe('text/plain');
    expect(viaVirtualHost.status).toBe(200);
    expect(viaVirtualHost.body).toBe('shared');
  });

  it('writes nothing of its own to stdout or the console, also for errors', async () => {
    // Prepare: a console over capturing streams
    const captured: string[] = [];
    const capture = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        captured.push(chunk.toString());
        callback();
      },
    });
    const originalConsole = globalThis.console;
    globalThis.console = new Console({ stdout: capture, stderr: capture });
    const stdout = vi.spyOn(process.stdout, 'write');

    // Act
    try {
      await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'quiet.txt', Body: 'quiet' }));
      await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'missing.txt' })).catch(() => undefined);
      await s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'x' })).catch(() => undefined);
      await rawRequest(server.port, 'PUT', '/incoming/..%2Fx', { 'content-length': 0 });
    } finally {
      globalThis.console = originalConsole;
      stdout.mockRestore();
    }

    // Assess
    const written = stdout.mock.calls.map((call) => String(call[0])).join('');
    expect(written).not.toMatch(/quiet\.txt|missing\.txt|no-such-bucket|Stored object|incoming/);
    expect(captured).toEqual([]);
  });

  it('answers 503 once closed', async () => {
    // Act
    await server.service.close();
    const response = await rawRequest(server.port, 'GET', '/incoming');

    // Assess
    expect(response.status).toBe(503);
    expect(response.body).toContain('<Code>ServiceUnavailable</Code>');
  });
});
