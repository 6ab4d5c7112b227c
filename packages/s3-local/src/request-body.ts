import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { ChunkSignatureChain, type ChunkSigning } from './auth/chunk-signatures.js';
import { BodyDecoder } from './body-decoder.js';
import { checksumHasher, md5Hasher, sha256HexHasher, type ExpectedChecksum } from './checksums.js';

/**
 * A request body as the store reads it: `aws-chunked` framing removed (signed or not, with or
 * without a checksum trailer), every checksum the request carries verified at its end, and its
 * length checked against the one announced. A client that goes away mid-body fails the stream,
 * so the store never commits a truncated object. `onVerified` hears each x-amz-checksum-* value
 * that matched, so the response can carry it as S3's does; with `signing` (the request's verified
 * signature), the chunk signatures of a signed streaming upload are checked too.
 */
export function requestBody(
  req: IncomingMessage,
  options: {
    onVerified?: (name: string, value: string) => void;
    signing?: ChunkSigning | undefined;
    compute?: readonly string[];
    /** Whether x-amz-checksum-* headers describe this body (not so for CompleteMultipartUpload: they are the object's). @default true */
    bodyChecksumHeaders?: boolean;
  } = {},
): Readable {
  const { onVerified, signing, compute } = options;
  const chunked = isAwsChunked(req.headers);
  const signedChunks =
    signing !== undefined && (header(req.headers, 'x-amz-content-sha256') ?? '').startsWith('STREAMING-AWS4-HMAC-SHA256-');
  const decoder = new BodyDecoder({
    ...(signedChunks ? { chunkSignatures: new ChunkSignatureChain(signing) } : {}),
    ...(compute === undefined ? {} : { compute }),
    chunked,
    expected: expectedChecksums(req.headers, options.bodyChecksumHeaders ?? true),
    expectedLength: chunked ? numberHeader(req.headers['x-amz-decoded-content-length']) : numberHeader(req.headers['content-length']),
    trailer: chunked ? header(req.headers, 'x-amz-trailer')?.trim().toLowerCase() : undefined,
    ...(onVerified === undefined ? {} : { onVerified }),
  });
  req.on('error', (error) => decoder.destroy(error));
  req.once('close', () => {
    if (!req.complete) decoder.destroy(new Error('The client closed the connection before sending the whole body'));
  });
  req.pipe(decoder);
  return decoder;
}

/** Reads a small request body (XML of a bucket operation) whole, or fails when over `limit` bytes. */
export async function readSmallBody(body: Readable, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += (chunk as Buffer).length;
    if (length > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Whether the body uses aws-chunked framing (signed or unsigned, with or without trailer): a
 * STREAMING-* payload hash, or `aws-chunked` with the decoded length S3 requires beside it. An
 * object merely labelled `Content-Encoding: aws-chunked` is stored as sent.
 */
export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const sha = header(headers, 'x-amz-content-sha256') ?? '';
  return (
    sha.startsWith('STREAMING-') ||
    (contentEncodings(headers).includes('aws-chunked') && headers['x-amz-decoded-content-length'] !== undefined)
  );
}

/** Checksums a body must match, from its headers. */
export function expectedChecksums(headers: IncomingHttpHeaders, checksumHeaders = true): ExpectedChecksum[] {
  const expected: ExpectedChecksum[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!checksumHeaders || typeof value !== 'string' || !name.startsWith('x-amz-checksum-')) continue;
    const hasher = checksumHasher(name);
    if (hasher) expected.push({ name, value: value.trim(), hasher });
  }
  const md5 = header(headers, 'content-md5');
  if (md5 !== undefined) expected.push({ name: 'content-md5', value: md5.trim(), hasher: md5Hasher() });
  const sha256 = header(headers, 'x-amz-content-sha256');
  if (sha256 !== undefined && /^[0-9a-fA-F]{64}$/.test(sha256))
    expected.push({ name: 'x-amz-content-sha256', value: sha256, hasher: sha256HexHasher() });
  return expected;
}

/**
 * The object's real content encoding, as sent (`deflate, gzip` stays `deflate, gzip`), without
 * `aws-chunked`, which was only the framing of the request body.
 */
export function storedContentEncoding(headers: IncomingHttpHeaders): string | undefined {
  const value = header(headers, 'content-encoding');
  if (value === undefined) return undefined;
  const encodings = value.split(',').map((encoding) => encoding.trim());
  const kept = encodings.filter((encoding) => encoding !== '' && encoding.toLowerCase() !== 'aws-chunked');
  if (kept.length === 0) return undefined;
  return kept.length === encodings.length ? value : kept.join(', ');
}

function contentEncodings(headers: IncomingHttpHeaders): string[] {
  return (header(headers, 'content-encoding') ?? '')
    .split(',')
    .map((encoding) => encoding.trim().toLowerCase())
    .filter((encoding) => encoding !== '');
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function numberHeader(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}
