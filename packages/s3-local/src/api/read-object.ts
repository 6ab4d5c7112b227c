import { pipeline } from 'node:stream/promises';
import { accessDenied } from '../acl/access.js';
import { invalidArgument, noSuchKey, preconditionFailed, S3Error } from '../s3-error.js';
import type { BucketState, StoredVersion } from '../store/index.js';
import { STREAM_CHUNK_BYTES } from '../store/files.js';
import { bucketOf, header, httpDate, keyOf, versionHeader, type S3Context } from './context.js';

/** Objects up to this size are read with one read() instead of a stream (one chunk either way). */
const SMALL_OBJECT_BYTES = 64 * 1024;

/** response-* query parameters and the header each overrides. */
const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};

interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * GetObject and HeadObject: the latest version or `versionId`, conditional headers (412/304),
 * one byte range (206, or 416 when unsatisfiable), response-* overrides. The body is streamed
 * from the file in 1 MiB chunks with backpressure, and the file stream is destroyed when the
 * client goes away.
 */
export async function getObject(ctx: S3Context, head: boolean): Promise<void> {
  const bucket = bucketOf(ctx);
  const key = keyOf(ctx);
  const versionId = ctx.target.query.get('versionId') ?? undefined;
  // An overwrite may remove the bytes between the lookup and the open: look up again then.
  for (let attempt = 0; attempt < 3; attempt++) {
    const version = findReadable(ctx, bucket, key, versionId);
    checkNotDeleteMarker(ctx, bucket, version, versionId !== undefined);
    ctx.access.requireObject(version, 'READ');
    const headers = objectHeaders(ctx, bucket, version);
    if (checkConditions(ctx, version, headers)) return;
    const part = partRange(ctx, version);
    const range = part?.range ?? byteRange(header(ctx, 'range'), version.size);
    if (range === 'unsatisfiable') {
      throw new S3Error(
        'InvalidRange',
        'The requested range is not satisfiable',
        416,
        { RangeRequested: header(ctx, 'range'), ActualObjectSize: String(version.size) },
        {
          'content-range': `bytes */${version.size}`,
        },
      );
    }
    const status = range === undefined ? 200 : 206;
    const { start, end } = range ?? { start: 0, end: version.size - 1 };
    headers['content-length'] = String(end - start + 1);
    if (range !== undefined) headers['content-range'] = `bytes ${start}-${end}/${version.size}`;
    if (version.parts !== undefined) headers['x-amz-mp-parts-count'] = String(version.parts.length);
    if (range === undefined) addChecksums(ctx, version.checksums, version.checksumType, headers);
    else if (part?.checksums !== undefined) addChecksums(ctx, part.checksums, undefined, headers);
    if (head) {
      ctx.res.writeHead(status, headers);
      ctx.res.end();
      return;
    }
    const file = await ctx.store.openData(bucket.name, version);
    if (file === undefined) continue;
    if (end - start + 1 <= SMALL_OBJECT_BYTES) {
      try {
        const buffer = Buffer.allocUnsafe(end - start + 1);
        const { bytesRead } = await file.read(buffer, 0, buffer.length, start);
        ctx.res.writeHead(status, headers);
        ctx.res.end(buffer.subarray(0, bytesRead));
      } finally {
        await file.close();
      }
      return;
    }
    ctx.res.writeHead(status, headers);
    const stream = file.createReadStream({ start, end, highWaterMark: STREAM_CHUNK_BYTES });
    // pipeline ends the response, applies backpressure, and destroys the file stream (closing
    // the file) when the client goes away.
    await pipeline(stream, ctx.res).catch(() => undefined);
    return;
  }
  throw noSuchKey(key);
}

/** The version to read; one who may not list the bucket learns nothing of missing keys (403, as S3 answers). */
function findReadable(ctx: S3Context, bucket: BucketState, key: string, versionId: string | undefined): StoredVersion {
  try {
    return ctx.store.find(bucket, key, versionId);
  } catch (error) {
    if (error instanceof S3Error && error.status === 404 && !ctx.access.allows(bucket, 'READ')) throw accessDenied();
    throw error;
  }
}

function checkNotDeleteMarker(ctx: S3Context, bucket: BucketState, version: StoredVersion, byVersionId: boolean): void {
  if (!version.deleteMarker) return;
  const headers = {
    'x-amz-delete-marker': 'true',
    ...versionHeader(bucket, version.versionId),
    'last-modified': httpDate(version.lastModified),
  };
  if (byVersionId) {
    throw new S3Error(
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
      405,
      { Method: ctx.req.method, ResourceType: 'DeleteMarker' },
      headers,
    );
  }
  throw noSuchKey(version.key, headers);
}

function objectHeaders(ctx: S3Context, bucket: BucketState, version: StoredVersion): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'binary/octet-stream',
    ...version.headers,
    ...version.metadata,
    etag: version.etag,
    'last-modified': httpDate(version.lastModified),
    'accept-ranges': 'bytes',
    ...versionHeader(bucket, version.versionId),
    ...(version.tags !== undefined && version.tags.length > 0 ? { 'x-amz-tagging-count': String(version.tags.length) } : {}),
  };
  for (const [parameter, name] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = ctx.target.query.get(parameter);
    if (value !== null) headers[name] = value;
  }
  return headers;
}

/** With x-amz-checksum-mode: ENABLED, the verified checksums of what is sent: the whole object, or one part (never another range). */
function addChecksums(
  ctx: S3Context,
  checksums: Readonly<Record<string, string>>,
  type: StoredVersion['checksumType'],
  headers: Record<string, string>,
): void {
  if (header(ctx, 'x-amz-checksum-mode')?.toUpperCase() !== 'ENABLED' || Object.keys(checksums).length === 0) return;
  Object.assign(headers, checksums, { 'x-amz-checksum-type': type ?? 'FULL_OBJECT' });
}

/**
 * `?partNumber=N`: the bytes of the N-th part of a multipart object (206); of an object uploaded
 * whole, part 1 is all of it. A part past the last → 400 InvalidPart; with a Range too → 400.
 */
function partRange(
  ctx: S3Context,
  version: StoredVersion,
): { range: ByteRange | undefined; checksums?: Readonly<Record<string, string>> } | undefined {
  const text = ctx.target.query.get('partNumber');
  if (text === null) return undefined;
  if (header(ctx, 'range') !== undefined)
    throw new S3Error('InvalidRequest', 'Cannot specify both Range header and partNumber query parameter', 400);
  const partNumber = Number(text);
  if (!/^\d+$/.test(text) || partNumber < 1 || partNumber > 10_000)
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', text);
  const { parts } = version;
  const notSatisfiable = (count: number) =>
    new S3Error('InvalidPart', 'The requested partnumber is not satisfiable', 400, {
      PartNumberRequested: text,
      ActualPartCount: String(count),
    });
  if (parts === undefined) {
    if (partNumber > 1) throw notSatisfiable(1);
    return { range: undefined };
  }
  const part = parts[partNumber - 1];
  if (part === undefined) throw notSatisfiable(parts.length);
  const start = parts.slice(0, partNumber - 1).reduce((sum, previous) => sum + previous.size, 0);
  return { range: { start, end: start + part.size - 1 }, ...(part.checksums === undefined ? {} : { checksums: part.checksums }) };
}

/**
 * If-Match / If-Unmodified-Since (412) and If-None-Match / If-Modified-Since (304), with RFC 7232's
 * precedence as S3 applies it. Returns true when a 304 was sent.
 */
function checkConditions(ctx: S3Context, version: StoredVersion, headers: Record<string, string>): boolean {
  const ifMatch = header(ctx, 'if-match');
  const ifNoneMatch = header(ctx, 'if-none-match');
  const modified = Math.floor(Date.parse(version.lastModified) / 1000);
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, version.etag)) throw preconditionFailed('If-Match');
  } else {
    const since = httpSeconds(header(ctx, 'if-unmodified-since'));
    if (since !== undefined && modified > since) throw preconditionFailed('If-Unmodified-Since');
  }
  let notModified: boolean;
  if (ifNoneMatch !== undefined) notModified = etagMatches(ifNoneMatch, version.etag);
  else {
    const since = httpSeconds(header(ctx, 'if-modified-since'));
    notModified = since !== undefined && modified <= since;
  }
  if (!notModified) return false;
  ctx.res.writeHead(304, pick(headers, 'etag', 'last-modified', 'x-amz-version-id'));
  ctx.res.end();
  return true;
}

export function etagMatches(list: string, etag: string): boolean {
  const bare = etag.replace(/"/g, '');
  return list.split(',').some((candidate) => {
    const value = candidate.trim().replace(/^W\//, '').replace(/"/g, '');
    return value === '*' || value === bare;
  });
}

function httpSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

/** One `bytes=` range; undefined when absent or not a single valid range (S3 then sends the whole object). */
export function byteRange(value: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  const match = value === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/** The named headers that are set (objectHeaders always sets etag and last-modified). */
function pick(headers: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (headers[name] === undefined ? [] : [[name, headers[name]]])));
}
