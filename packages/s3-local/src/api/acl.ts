import { grantsOf, ownerOf } from '../acl/access.js';
import { accessControlPolicyXml, aclFromHeaders, aclFromXml } from '../acl/acl-xml.js';
import type { Grant, Owner } from '../acl/model.js';
import { S3Error } from '../s3-error.js';
import type { BucketState, StoredVersion } from '../store/index.js';
import { readXmlBody } from './buckets.js';
import { bucketOf, keyOf, sendEmpty, sendXml, versionHeader, type S3Context } from './context.js';

/** GetBucketAcl: the bucket's owner and grants (READ_ACP checked by the router). */
export function getBucketAcl(ctx: S3Context): void {
  const bucket = bucketOf(ctx);
  sendXml(ctx, 200, 'AccessControlPolicy', accessControlPolicyXml(ownerOf(bucket), grantsOf(bucket), ctx.ownerById));
}

/** PutBucketAcl: a canned ACL, grant headers, or an AccessControlPolicy body (WRITE_ACP checked by the router). */
export async function putBucketAcl(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const owner = ownerOf(bucket);
  await ctx.store.setBucketAcl(bucket, await requestedAcl(ctx, owner, owner));
  sendEmpty(ctx, 200);
}

/** GetObjectAcl: the version's owner and grants, READ_ACP on the object. */
export function getObjectAcl(ctx: S3Context): void {
  const { bucket, version } = aclTarget(ctx);
  ctx.access.requireObject(version, 'READ_ACP');
  sendXml(
    ctx,
    200,
    'AccessControlPolicy',
    accessControlPolicyXml(ownerOf(version), grantsOf(version), ctx.ownerById),
    versionHeader(bucket, version.versionId),
  );
}

/** PutObjectAcl: replaces the version's grants, WRITE_ACP on the object. */
export async function putObjectAcl(ctx: S3Context): Promise<void> {
  const { bucket, version } = aclTarget(ctx);
  ctx.access.requireObject(version, 'WRITE_ACP');
  const acl = await requestedAcl(ctx, ownerOf(version), ownerOf(bucket));
  const updated = await ctx.store.updateVersion(bucket, version, { acl });
  sendEmpty(ctx, 200, versionHeader(bucket, updated.versionId));
}

/** The version an ACL request is about (the latest, or ?versionId=); a delete marker has no ACL. */
function aclTarget(ctx: S3Context): { bucket: BucketState; version: StoredVersion } {
  const bucket = bucketOf(ctx);
  const versionId = ctx.target.query.get('versionId') ?? undefined;
  const version = ctx.store.find(bucket, keyOf(ctx), versionId);
  if (version.deleteMarker) {
    if (versionId !== undefined)
      throw new S3Error(
        'MethodNotAllowed',
        'The specified method is not allowed against this resource.',
        405,
        { Method: ctx.req.method, ResourceType: 'DeleteMarker' },
        { 'x-amz-delete-marker': 'true' },
      );
    throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: version.key }, { 'x-amz-delete-marker': 'true' });
  }
  return { bucket, version };
}

/** The grants a Put*Acl asks for: in its headers, else in its body (an empty body with no headers is malformed). */
async function requestedAcl(ctx: S3Context, owner: Owner, bucketOwner: Owner): Promise<readonly Grant[]> {
  const fromHeaders = aclFromHeaders(ctx.req.headers, owner, bucketOwner, ctx.ownerById);
  const body = await readXmlBody(ctx);
  if (fromHeaders !== undefined) {
    if (body.trim() !== '') throw new S3Error('UnexpectedContent', 'This request does not support content', 400);
    return fromHeaders;
  }
  if (body.trim() === '')
    throw new S3Error('MissingSecurityHeader', 'Your request was missing a required header', 400, { MissingHeaderName: 'x-amz-acl' });
  return aclFromXml(body, ctx.ownerById);
}

/**
 * The owner and ACL a new object (or upload) gets: its writer (kept only when signatures are
 * checked: otherwise everything is the local owner's) and the ACL of its x-amz-acl / x-amz-grant-*
 * headers, if any.
 */
export function newObjectAccess(ctx: S3Context, bucket: BucketState): { owner?: Owner; acl?: readonly Grant[] } {
  const owner = ctx.access.creatorIn(bucket);
  const acl = aclFromHeaders(ctx.req.headers, owner, ownerOf(bucket), ctx.ownerById);
  return { ...(ctx.access.checked ? { owner } : {}), ...(acl === undefined ? {} : { acl }) };
}
