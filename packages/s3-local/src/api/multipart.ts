import { createReadStream } from 'node:fs';
import { requestBody, storedContentEncoding } from '../request-body.js';
import { invalidArgument, malformedXml, S3Error } from '../s3-error.js';
import { STREAM_CHUNK_BYTES } from '../store/files.js';
import type { Upload } from '../store/index.js';
import { bucketOf, header, keyOf, sendEmpty, sendXml, storedFields, writtenVersionHeader, type S3Context } from './context.js';
import { readXmlBody } from './buckets.js';
import { checkWriteConditions, copySourceVersion, requestedTags } from './write-object.js';
import { newObjectAccess } from './acl.js';
import { escapeXml } from '../xml-error.js';
import { BodyDecoder } from '../body-decoder.js';
import { checksumHeaderOf } from '../checksums.js';
import { checksumElements, listedPartChecksums, requestedUploadChecksum, uploadChecksumHeaders } from './multipart-checksums.js';
import { xmlDocument, xmlElements, xmlText, type XmlChild } from './xml.js';
import { ownerXml } from '../acl/acl-xml.js';
import { LOCAL_OWNER } from '../acl/model.js';

/** Uploads bigger than this get their 200 and XML declaration at once, then a space every few seconds while the parts are joined. */
const KEEPALIVE_FROM_BYTES = 64 * 1024 * 1024;
const KEEPALIVE_INTERVAL_MS = 5_000;

function uploadOf(ctx: S3Context): Upload {
  return ctx.multipart.upload(bucketOf(ctx), ctx.target.query.get('uploadId') ?? '', keyOf(ctx));
}

export async function createMultipartUpload(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const checksum = requestedUploadChecksum(ctx);
  const fields = {
    ...storedFields(ctx.req, storedContentEncoding(ctx.req.headers)),
    ...newObjectAccess(ctx, bucket),
    ...requestedTags(ctx),
    ...(checksum === undefined ? {} : { checksum }),
  };
  const upload = await ctx.multipart.create(bucket, keyOf(ctx), fields);
  sendXml(
    ctx,
    200,
    'InitiateMultipartUploadResult',
    [
      ['Bucket', bucket.name],
      ['Key', upload.key],
      ['UploadId', upload.uploadId],
    ],
    uploadChecksumHeaders(checksum),
  );
}

export async function uploadPart(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const upload = uploadOf(ctx);
  const partNumber = Number(ctx.target.query.get('partNumber'));
  const checksums: Record<string, string> = {};
  // With a checksum algorithm, each part's checksum is kept (computed when the client sent none): the object's is made of them.
  const compute = upload.checksum === undefined ? undefined : [checksumHeaderOf(upload.checksum.algorithm)];
  const body = requestBody(ctx.req, {
    onVerified: (name, value) => {
      checksums[name] = value;
    },
    signing: ctx.signing,
    ...(compute === undefined ? {} : { compute }),
  });
  const part = await ctx.multipart.putPart(bucket, upload, partNumber, body, checksums);
  sendEmpty(ctx, 200, { etag: part.etag, ...checksums });
}

/** UploadPartCopy: a part from a stored object, whole or x-amz-copy-source-range. */
export async function uploadPartCopy(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const upload = uploadOf(ctx);
  const source = copySourceVersion(ctx);
  const range = copySourceRange(header(ctx, 'x-amz-copy-source-range'), source.version.size);
  const path = ctx.store.dataPath(source.bucket.name, source.version);
  const stream = createReadStream(path, {
    highWaterMark: STREAM_CHUNK_BYTES,
    ...(range === undefined ? {} : { start: range.start, end: range.end }),
  });
  const checksums: Record<string, string> = {};
  const compute = upload.checksum === undefined ? [] : [checksumHeaderOf(upload.checksum.algorithm)];
  const measured = stream.pipe(
    new BodyDecoder({ chunked: false, expected: [], compute, onVerified: (name, value) => (checksums[name] = value) }),
  );
  stream.on('error', (error) => measured.destroy(error));
  const part = await ctx.multipart.putPart(bucket, upload, Number(ctx.target.query.get('partNumber')), measured, checksums);
  const headers: Record<string, string> =
    source.bucket.versioning === undefined ? {} : { 'x-amz-copy-source-version-id': source.version.versionId };
  sendXml(
    ctx,
    200,
    'CopyPartResult',
    [
      ['LastModified', part.lastModified],
      ['ETag', part.etag],
    ],
    headers,
  );
}

/**
 * x-amz-copy-source-range: `bytes=first-last` within the source, else InvalidArgument (malformed) or
 * InvalidRange (past the end: S3 refuses it rather than copying less).
 */
function copySourceRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d+)$/.exec(value);
  if (match === null || Number(match[1]) > Number(match[2])) {
    throw invalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      'x-amz-copy-source-range',
      value,
    );
  }
  const range = { start: Number(match[1]), end: Number(match[2]) };
  if (range.end >= size)
    throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, {
      RangeRequested: value,
      ActualObjectSize: String(size),
    });
  return range;
}

/**
 * CompleteMultipartUpload. Joining gigabytes of parts takes a while, so, as S3 does, large
 * uploads are answered 200 at once and kept alive with whitespace; a failure after that is an
 * <Error> document in the 200 body (SDKs check for it).
 */
export async function completeMultipartUpload(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const uploadId = ctx.target.query.get('uploadId') ?? '';
  // Its x-amz-checksum-* header is the checksum of the object to make, not of this body.
  const xml = await readXmlBody(ctx, { bodyChecksumHeaders: false });
  const refs = xmlElements(xml, 'Part').map((part) => ({
    partNumber: Number(xmlText(part, 'PartNumber')),
    etag: xmlText(part, 'ETag') ?? '',
    checksums: listedPartChecksums(part),
  }));
  if (refs.some((ref) => !Number.isInteger(ref.partNumber))) throw malformedXml();
  // A retry after a response that got lost: S3 answers the completed upload's result again.
  const completed = ctx.multipart.completed(bucket, uploadId, keyOf(ctx));
  if (completed !== undefined) {
    sendXml(
      ctx,
      200,
      'CompleteMultipartUploadResult',
      [...completionResult(bucket.name, completed.key, completed.etag), ...checksumElements(completed.checksums, completed.checksumType)],
      writtenVersionHeader(completed.versionId),
    );
    return;
  }
  const upload = uploadOf(ctx);
  checkWriteConditions(ctx, bucket, upload.key);
  const total = refs.reduce((sum, ref) => sum + (upload.parts.get(ref.partNumber)?.size ?? 0), 0);
  let keepalive: NodeJS.Timeout | undefined;
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const started = () => {
    if (total < KEEPALIVE_FROM_BYTES || ctx.res.headersSent) return;
    ctx.res.writeHead(200, { 'content-type': 'application/xml' });
    ctx.res.write(declaration);
    keepalive = setInterval(() => ctx.res.write(' '), KEEPALIVE_INTERVAL_MS);
  };
  try {
    const expectedChecksum = upload.checksum === undefined ? undefined : header(ctx, checksumHeaderOf(upload.checksum.algorithm));
    const version = await ctx.multipart.complete(bucket, upload, refs, {
      progress: started,
      ...(expectedChecksum === undefined ? {} : { expectedChecksum }),
    });
    const result = [
      ...completionResult(bucket.name, upload.key, version.etag),
      ...checksumElements(version.checksums, version.checksumType),
    ];
    if (!ctx.res.headersSent) sendXml(ctx, 200, 'CompleteMultipartUploadResult', result, writtenVersionHeader(version.versionId));
    else ctx.res.end(xmlDocument('CompleteMultipartUploadResult', result).slice(declaration.length));
    ctx.created('ObjectCreated:CompleteMultipartUpload', bucket, version);
  } catch (error) {
    if (!ctx.res.headersSent) throw error;
    const s3Error =
      error instanceof S3Error ? error : new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);
    ctx.res.end(`<Error><Code>${s3Error.code}</Code><Message>${escapeXml(s3Error.message)}</Message></Error>`);
  } finally {
    clearInterval(keepalive);
  }
}

function completionResult(bucket: string, key: string, etag: string): XmlChild[] {
  return [
    ['Location', `/${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`],
    ['Bucket', bucket],
    ['Key', key],
    ['ETag', etag],
  ];
}

export async function abortMultipartUpload(ctx: S3Context): Promise<void> {
  await ctx.multipart.abort(bucketOf(ctx), uploadOf(ctx));
  sendEmpty(ctx, 204);
}

export function listParts(ctx: S3Context): void {
  const bucket = bucketOf(ctx);
  const upload = uploadOf(ctx);
  const marker = Number(ctx.target.query.get('part-number-marker') ?? '0');
  const maxParts = Math.min(1000, Number(ctx.target.query.get('max-parts') ?? '1000'));
  const parts = [...upload.parts.values()].filter((part) => part.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const listed = parts.slice(0, maxParts);
  const truncated = parts.length > listed.length;
  sendXml(ctx, 200, 'ListPartsResult', [
    ['Bucket', bucket.name],
    ['Key', upload.key],
    ['UploadId', upload.uploadId],
    ['Initiator', ownerXml(upload.owner ?? LOCAL_OWNER)],
    ['Owner', ownerXml(upload.owner ?? LOCAL_OWNER)],
    ['StorageClass', 'STANDARD'],
    ['PartNumberMarker', marker],
    ['NextPartNumberMarker', listed.at(-1)?.partNumber ?? marker],
    ['MaxParts', maxParts],
    ['IsTruncated', truncated],
    ['ChecksumAlgorithm', upload.checksum?.algorithm],
    ['ChecksumType', upload.checksum?.type],
    ...listed.map(
      (part): XmlChild => [
        'Part',
        [
          ['PartNumber', part.partNumber],
          ['LastModified', part.lastModified],
          ['ETag', part.etag],
          ['Size', part.size],
          ...checksumElements(part.checksums),
        ],
      ],
    ),
  ]);
}

export function listMultipartUploads(ctx: S3Context): void {
  const bucket = bucketOf(ctx);
  const prefix = ctx.target.query.get('prefix') ?? '';
  const keyMarker = ctx.target.query.get('key-marker') ?? '';
  const maxUploads = Math.min(1000, Number(ctx.target.query.get('max-uploads') ?? '1000'));
  const uploads = [...bucket.uploads.values()]
    .filter((upload) => upload.key.startsWith(prefix) && upload.key > keyMarker)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.initiated < b.initiated ? -1 : 1));
  const listed = uploads.slice(0, maxUploads);
  const last = listed.at(-1);
  const truncated = uploads.length > listed.length;
  sendXml(ctx, 200, 'ListMultipartUploadsResult', [
    ['Bucket', bucket.name],
    ['KeyMarker', keyMarker],
    ['UploadIdMarker', ''],
    ['NextKeyMarker', truncated ? last?.key : undefined],
    ['NextUploadIdMarker', truncated ? last?.uploadId : undefined],
    ['Prefix', prefix],
    ['MaxUploads', maxUploads],
    ['IsTruncated', truncated],
    ...listed.map(
      (upload): XmlChild => [
        'Upload',
        [
          ['Key', upload.key],
          ['UploadId', upload.uploadId],
          ['Initiator', ownerXml(upload.owner ?? LOCAL_OWNER)],
          ['Owner', ownerXml(upload.owner ?? LOCAL_OWNER)],
          ['StorageClass', 'STANDARD'],
          ['Initiated', upload.initiated],
        ],
      ],
    ),
  ]);
}
