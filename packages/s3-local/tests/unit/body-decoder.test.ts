import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { BodyDecoder, type BodyDecoderOptions } from '../../src/body-decoder.js';
import { crc32, crc32c } from '../../src/checksums.js';
import { expectedChecksums, isAwsChunked } from '../../src/request-body.js';

const crcBase64 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes.toString('base64');
};

function frame(data: Buffer, chunkSize: number, extension = '', trailer = ''): Buffer {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += chunkSize) {
    const chunk = data.subarray(offset, offset + chunkSize);
    parts.push(Buffer.from(`${chunk.length.toString(16)}${extension}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0${extension}\r\n${trailer}\r\n`));
  return Buffer.concat(parts);
}

/** Runs `input` through a decoder, cut into pieces of `pieceSize` bytes; the decoded bytes or the error. */
async function decode(input: Buffer, options: Partial<BodyDecoderOptions>, pieceSize = input.length || 1) {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < input.length; offset += pieceSize) pieces.push(input.subarray(offset, offset + pieceSize));
  const output: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      output.push(chunk);
      callback();
    },
  });
  const error = await pipeline(Readable.from(pieces), new BodyDecoder({ chunked: true, expected: [], ...options }), sink).then(
    () => undefined,
    (failure: unknown) => failure as { code?: string; status?: number; message: string },
  );
  return { data: Buffer.concat(output), error };
}

describe('crc32 and crc32c', () => {
  it('match the standard check values for "123456789"', () => {
    // Prepare
    const input = Buffer.from('123456789');

    // Act
    const values = [crc32(input, 0), crc32c(input, 0), crc32c(input.subarray(4), crc32c(input.subarray(0, 4), 0))];

    // Assess
    expect(values).toEqual([0xcbf43926, 0xe3069283, 0xe3069283]);
  });
});

describe('BodyDecoder (aws-chunked)', () => {
  const data = randomBytes(50_000);
  const trailer = `x-amz-checksum-crc32:${crcBase64(crc32(data, 0))}`;

  it.each([1, 2, 3, 7, 8192, 65_536])('decodes an unsigned trailer body fed %i byte(s) at a time', async (pieceSize) => {
    // Prepare
    const body = frame(data, 8192, '', trailer);

    // Act
    const { data: decoded, error } = await decode(body, { trailer: 'x-amz-checksum-crc32', expectedLength: data.length }, pieceSize);

    // Assess
    expect(error).toBeUndefined();
    expect(decoded.equals(data)).toBe(true);
  });

  it('decodes signed chunks (chunk-signature extensions are ignored)', async () => {
    // Prepare
    const body = frame(data, 8192, `;chunk-signature=${'ab'.repeat(32)}`);

    // Act
    const { data: decoded, error } = await decode(body, {}, 1000);

    // Assess
    expect(error).toBeUndefined();
    expect(decoded.equals(data)).toBe(true);
  });

  it.each([
    ['x-amz-checksum-crc32c', crcBase64(crc32c(data, 0))],
    ['x-amz-checksum-sha1', createHash('sha1').update(data).digest('base64')],
    ['x-amz-checksum-sha256', createHash('sha256').update(data).digest('base64')],
  ])('verifies a %s trailer and reports it verified', async (name, value) => {
    // Prepare
    const verified: string[] = [];

    // Act
    const { error } = await decode(frame(data, 10_000, '', `${name}:${value}`), {
      trailer: name,
      onVerified: (n, v) => verified.push(`${n}=${v}`),
    });

    // Assess
    expect(error).toBeUndefined();
    expect(verified).toEqual([`${name}=${value}`]);
  });

  it('accepts a body that ends right after the trailer line, without the closing empty line', async () => {
    // Prepare
    const body = Buffer.concat([frame(data, 8192).subarray(0, -2), Buffer.from(`${trailer}\r\n`)]);

    // Act
    const { error } = await decode(body, { trailer: 'x-amz-checksum-crc32' });

    // Assess
    expect(error).toBeUndefined();
  });

  it.each([
    ['a wrong trailer checksum', frame(data, 8192, '', 'x-amz-checksum-crc32:AAAAAA=='), { trailer: 'x-amz-checksum-crc32' }, 'BadDigest'],
    ['an announced trailer that never comes', frame(data, 8192), { trailer: 'x-amz-checksum-crc32' }, 'MalformedTrailerError'],
    ['a body cut short in a chunk', frame(data, 8192).subarray(0, 20_000), {}, 'IncompleteBody'],
    ['a body without the last chunk', frame(data, 8192).subarray(0, -5), {}, 'IncompleteBody'],
    ['a chunk longer than declared', Buffer.from('3\r\nabcd\r\n0\r\n\r\n'), {}, 'IncompleteBody'],
    ['a chunk size that is not hex', Buffer.from('zz\r\nab\r\n0\r\n\r\n'), {}, 'IncompleteBody'],
    ['an endless size line', Buffer.alloc(10_000, 0x31), {}, 'IncompleteBody'],
    ['a decoded length other than announced', frame(data, 8192), { expectedLength: data.length + 1 }, 'IncompleteBody'],
  ] as const)('fails %s with %s (400)', async (_name, body, options, code) => {
    // Act
    const { error } = await decode(body, options, 4096);

    // Assess
    expect(error).toMatchObject({ code, status: 400 });
  });

  it('verifies CRC64NVME trailers too (@aws-sdk/crc64-nvme): a wrong value → BadDigest, the right one passes', async () => {
    // Prepare
    const crc = new Crc64Nvme();
    crc.update(data);
    const right = Buffer.from(await crc.digest()).toString('base64');

    // Act
    const wrong = await decode(frame(data, 8192, '', 'x-amz-checksum-crc64nvme:AAAAAAAAAAA='), { trailer: 'x-amz-checksum-crc64nvme' });
    const good = await decode(frame(data, 8192, '', `x-amz-checksum-crc64nvme:${right}`), { trailer: 'x-amz-checksum-crc64nvme' });

    // Assess
    expect(wrong.error).toMatchObject({ code: 'BadDigest' });
    expect(good.error).toBeUndefined();
  });
});

describe('BodyDecoder (plain bodies with checksum headers)', () => {
  const data = Buffer.from('plain body');

  it('passes the body through and fails a wrong Content-MD5 or x-amz-content-sha256 at the end', async () => {
    // Prepare
    const good = expectedChecksums({
      'content-md5': createHash('md5').update(data).digest('base64'),
      'x-amz-checksum-crc32': crcBase64(crc32(data, 0)),
    });
    const badMd5 = expectedChecksums({ 'content-md5': createHash('md5').update('other').digest('base64') });
    const badSha = expectedChecksums({ 'x-amz-content-sha256': createHash('sha256').update('other').digest('hex') });

    // Act
    const ok = await decode(data, { chunked: false, expected: good });
    const md5 = await decode(data, { chunked: false, expected: badMd5 });
    const sha = await decode(data, { chunked: false, expected: badSha });

    // Assess
    expect(ok.error).toBeUndefined();
    expect(ok.data.equals(data)).toBe(true);
    expect(md5.error).toMatchObject({ code: 'BadDigest', status: 400 });
    expect(sha.error).toMatchObject({ code: 'XAmzContentSHA256Mismatch', status: 400 });
  });

  it('recognises aws-chunked bodies by content encoding with a decoded length, or by a streaming payload hash', () => {
    // Act
    const results = [
      isAwsChunked({ 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '5' }),
      isAwsChunked({ 'content-encoding': 'gzip, aws-chunked', 'x-amz-decoded-content-length': '5' }),
      isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }),
      isAwsChunked({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-encoding': 'gzip' }),
      isAwsChunked({ 'content-encoding': 'aws-chunked' }), // a label only: the body is stored as sent
    ];

    // Assess
    expect(results).toEqual([true, true, true, false, false]);
  });
});
