import { requestBody, storedContentEncoding } from '../request-body.js';
import { invalidArgument, noSuchKey, preconditionFailed, S3Error } from '../s3-error.js';
import type { BucketState, StoredVersion, Tag } from '../store/index.js';
import { tagsFromHeader } from './tagging.js';
import { bucketOf, header, keyOf, sendEmpty, sendXml, storedFields, writtenVersionHeader, type S3Context } from './context.js';
import { newObjectAccess } from './acl.js';
import { etagMatches } from './read-object.js';

/** PutObject: the body streamed into a temporary file, checksums verified, then committed. */
export async function putObject(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const key = keyOf(ctx);
  const fields = {
    ...storedFields(ctx.req, storedContentEncoding(ctx.req.headers)),
    ...newObjectAccess(ctx, bucket),
    ...requestedTags(ctx),
  };
  checkWriteConditions(ctx, bucket, key);
  const checksums: Record<string, string> = {};
  const body = requestBody(ctx.req, {
    onVerified: (name, value) => {
      checksums[name] = value;
    },
    signing: ctx.signing,
  });
  const received = await ctx.store.receive(bucket, body);
  const version = await ctx.store.commit(bucket, key, received, { ...fields, checksums });
  sendEmpty(ctx, 200, { etag: version.etag, ...checksums, ...writtenVersionHeader(version.versionId) });
  ctx.created('ObjectCreated:Put', bucket, version);
}

/**
 * Conditional writes (PutObject, CompleteMultipartUpload): If-None-Match (`*` or an ETag: only if
 * no such object is current) and If-Match (only if that ETag, or `*` any object, is current).
 */
export function checkWriteConditions(ctx: S3Context, bucket: BucketState, key: string): void {
  const latest = ctx.store.index.latest(bucket, key);
  const current = latest?.deleteMarker === false ? latest : undefined;
  const ifNoneMatch = header(ctx, 'if-none-match');
  if (ifNoneMatch !== undefined && current !== undefined && etagMatches(ifNoneMatch, current.etag))
    throw preconditionFailed('If-None-Match');
  const ifMatch = header(ctx, 'if-match');
  if (ifMatch !== undefined && current === undefined) throw noSuchKey(key);
  if (ifMatch !== undefined && current !== undefined && !etagMatches(ifMatch, current.etag)) throw preconditionFailed('If-Match');
}

/**
 * The source version of a CopyObject / UploadPartCopy: x-amz-copy-source (decoded, with its
 * ?versionId=), checked against the x-amz-copy-source-if-* conditions.
 */
export function copySourceVersion(ctx: S3Context): { bucket: BucketState; version: StoredVersion } {
  const source = ctx.target.copySource;
  if (source === undefined)
    throw new Error('copySourceVersion: the request has no x-amz-copy-source (only CopyObject and UploadPartCopy call it)');
  const bucket = ctx.store.bucket(source.bucket);
  const version = ctx.store.find(bucket, source.key, source.versionId);
  if (version.deleteMarker) {
    if (source.versionId !== undefined)
      throw new S3Error('InvalidRequest', 'The source of a copy request may not specifically refer to a delete marker by version id.', 400);
    throw noSuchKey(source.key);
  }
  ctx.access.requireObject(version, 'READ');
  const ifMatch = header(ctx, 'x-amz-copy-source-if-match');
  const ifNoneMatch = header(ctx, 'x-amz-copy-source-if-none-match');
  const modified = Math.floor(Date.parse(version.lastModified) / 1000);
  const seconds = (name: string) => {
    const value = header(ctx, name);
    const time = value === undefined ? Number.NaN : Date.parse(value);
    return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
  };
  const unmodifiedSince = seconds('x-amz-copy-source-if-unmodified-since');
  const modifiedSince = seconds('x-amz-copy-source-if-modified-since');
  if (ifMatch !== undefined && !etagMatches(ifMatch, version.etag)) throw preconditionFailed('x-amz-copy-source-If-Match');
  if (ifMatch === undefined && unmodifiedSince !== undefined && modified > unmodifiedSince)
    throw preconditionFailed('x-amz-copy-source-If-Unmodified-Since');
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, version.etag)) throw preconditionFailed('x-amz-copy-source-If-None-Match');
  if (ifNoneMatch === undefined && modifiedSince !== undefined && modified <= modifiedSince)
    throw preconditionFailed('x-amz-copy-source-If-Modified-Since');
  return { bucket, version };
}

/** CopyObject: metadata copied (COPY, the default) or taken from the request (REPLACE). */
export async function copyObject(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const key = keyOf(ctx);
  const source = copySourceVersion(ctx);
  const directive = (header(ctx, 'x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE')
    throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
  if (directive === 'COPY' && source.bucket === bucket && source.version.key === key && ctx.target.copySource?.versionId === undefined) {
    throw new S3Error(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      400,
    );
  }
  const contentFields =
    directive === 'REPLACE'
      ? storedFields(ctx.req, header(ctx, 'content-encoding'))
      : { headers: source.version.headers, metadata: source.version.metadata };
  const taggingDirective = (header(ctx, 'x-amz-tagging-directive') ?? 'COPY').toUpperCase();
  if (taggingDirective !== 'COPY' && taggingDirective !== 'REPLACE')
    throw invalidArgument('Unknown tagging directive.', 'x-amz-tagging-directive', taggingDirective);
  const tags = taggingDirective === 'REPLACE' ? requestedTags(ctx) : source.version.tags === undefined ? {} : { tags: source.version.tags };
  const fields = { ...contentFields, ...newObjectAccess(ctx, bucket), ...tags };
  const received = await ctx.store.receiveCopy(bucket, { bucket: source.bucket.name, version: source.version });
  const checksums = received.etag === source.version.etag ? source.version.checksums : {};
  const version = await ctx.store.commit(bucket, key, received, { ...fields, checksums });
  const headers = {
    ...writtenVersionHeader(version.versionId),
    ...(source.bucket.versioning === undefined ? {} : { 'x-amz-copy-source-version-id': source.version.versionId }),
  };
  sendXml(
    ctx,
    200,
    'CopyObjectResult',
    [
      ['LastModified', version.lastModified],
      ['ETag', version.etag],
    ],
    headers,
  );
  ctx.created('ObjectCreated:Copy', bucket, version);
}

/** The tags of an x-amz-tagging header, as stored fields. */
export function requestedTags(ctx: S3Context): { tags?: Tag[] } {
  const tags = tagsFromHeader(header(ctx, 'x-amz-tagging'));
  return tags === undefined ? {} : { tags };
}

/** DeleteObject: 204 whether or not the key existed, as S3 answers. */
export async function deleteObject(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const result = await ctx.store.delete(
    bucket,
    keyOf(ctx),
    ctx.target.query.get('versionId') ?? undefined,
    ctx.access.checked ? ctx.access.creatorIn(bucket) : undefined,
  );
  sendEmpty(ctx, 204, {
    ...(result.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}),
    ...(result.versionId === undefined ? {} : { 'x-amz-version-id': result.versionId }),
  });
}
