import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { BodyDecoder } from './body-decoder.js';
import { checksumHasher, md5Hasher, sha256HexHasher, type ExpectedChecksum } from './checksums.js';

/**
 * What s3rver needs to see instead of a PUT body: s3rver only understands signed aws-chunked
 * bodies without trailers (it rejects the SDK's default unsigned ones) and verifies no checksum.
 * Returns undefined when the request can go to s3rver unchanged.
 */
export function decodedRequest(req: IncomingMessage, onVerified: (name: string, value: string) => void): IncomingMessage | undefined {
  if (req.method !== 'PUT' || req.headers['x-amz-copy-source'] !== undefined) return undefined;
  const chunked = isAwsChunked(req.headers);
  const expected = expectedChecksums(req.headers);
  if (!chunked && expected.length === 0) return undefined;

  const decoder = new BodyDecoder({
    chunked,
    expected,
    expectedLength: chunked ? numberHeader(req.headers['x-amz-decoded-content-length']) : numberHeader(req.headers['content-length']),
    trailer: chunked ? header(req.headers, 'x-amz-trailer')?.trim().toLowerCase() : undefined,
    onVerified,
  });
  const headers = chunked ? plainHeaders(req.headers) : req.headers;
  // The decoder stands in for the request: Koa reads these fields of `req`, s3rver its stream.
  Object.assign(decoder, {
    headers,
    rawHeaders: Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value.flatMap((v) => [name, v]) : [name, String(value)])),
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    socket: req.socket,
    connection: req.socket,
  });
  // The decoder may fail (bad framing or checksum) before s3rver starts reading it; the error is
  // kept on the stream and surfaces in s3rver's pipeline, so it must not go unhandled meanwhile.
  decoder.on('error', () => {});
  req.pipe(decoder);
  // A client that goes away mid-body must fail the upload, not leave s3rver waiting forever.
  req.once('close', () => {
    if (!req.complete) decoder.destroy(new Error('The client closed the connection before sending the whole body'));
  });
  return decoder as unknown as IncomingMessage;
}

/** Whether the body uses aws-chunked framing (signed or unsigned, with or without trailer). */
export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const sha = header(headers, 'x-amz-content-sha256') ?? '';
  return sha.startsWith('STREAMING-') || contentEncodings(headers).includes('aws-chunked');
}

/** Checksums a PUT body must match, from its headers. */
export function expectedChecksums(headers: IncomingHttpHeaders): ExpectedChecksum[] {
  const expected: ExpectedChecksum[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string' || !name.startsWith('x-amz-checksum-')) continue;
    const hasher = checksumHasher(name);
    if (hasher) expected.push({ name, value: value.trim(), hasher });
  }
  const md5 = header(headers, 'content-md5');
  if (md5 !== undefined) expected.push({ name: 'content-md5', value: md5.trim(), hasher: md5Hasher() });
  const sha256 = header(headers, 'x-amz-content-sha256');
  if (sha256 !== undefined && /^[0-9a-fA-F]{64}$/.test(sha256)) expected.push({ name: 'x-amz-content-sha256', value: sha256, hasher: sha256HexHasher() });
  return expected;
}

/** The headers of the decoded body: its real length, and no trace of the aws-chunked framing. */
function plainHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const plain: IncomingHttpHeaders = { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
  delete plain['x-amz-decoded-content-length'];
  delete plain['x-amz-trailer'];
  delete plain['transfer-encoding'];
  const decodedLength = header(headers, 'x-amz-decoded-content-length');
  if (decodedLength !== undefined) plain['content-length'] = decodedLength;
  else {
    delete plain['content-length'];
    plain['transfer-encoding'] = 'chunked';
  }
  // The object keeps any real content encoding (e.g. gzip); aws-chunked was only the framing.
  const encodings = contentEncodings(headers).filter((encoding) => encoding !== 'aws-chunked');
  if (encodings.length > 0) plain['content-encoding'] = encodings.join(',');
  else delete plain['content-encoding'];
  return plain;
}

function contentEncodings(headers: IncomingHttpHeaders): string[] {
  return (header(headers, 'content-encoding') ?? '')
    .split(',')
    .map((encoding) => encoding.trim().toLowerCase())
    .filter((encoding) => encoding !== '');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function numberHeader(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}
