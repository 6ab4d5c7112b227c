import { readSmallBody, requestBody } from '../request-body.js';
import { invalidArgument, malformedXml, S3Error } from '../s3-error.js';
import { grantsOf } from '../acl/access.js';
import { aclFromHeaders } from '../acl/acl-xml.js';
import { LOCAL_OWNER, privateGrants, sameGrants } from '../acl/model.js';
import { bucketOf, sendEmpty, sendXml, type S3Context } from './context.js';
import type { XmlChild } from './xml.js';
import { ownerOf } from '../acl/access.js';
import { ownerXml } from '../acl/acl-xml.js';
import { xmlElements, xmlText } from './xml.js';

/** Largest XML body read for a bucket operation (DeleteObjects: 1,000 keys of up to 1,024 bytes). */
export const MAX_S3_XML_BODY_BYTES = 4 * 1024 * 1024;

export async function readXmlBody(ctx: S3Context, options: { bodyChecksumHeaders?: boolean } = {}): Promise<string> {
  const body = await readSmallBody(requestBody(ctx.req, { signing: ctx.signing, ...options }), MAX_S3_XML_BODY_BYTES);
  if (body === undefined) throw new S3Error('MaxMessageLengthExceeded', 'Your request was too big.', 400);
  return body;
}

/**
 * ListBuckets: the caller's buckets (every bucket when signatures are not checked), in name order,
 * `max-buckets` at a time with a continuation token (the last name listed), filtered by `prefix`.
 */
export function listBuckets(ctx: S3Context): void {
  ctx.access.requireAuthenticated();
  const query = ctx.target.query;
  const prefix = query.get('prefix') ?? '';
  const maxText = query.get('max-buckets') ?? undefined;
  if (maxText !== undefined && !(/^\d+$/.test(maxText) && Number(maxText) >= 1 && Number(maxText) <= 10_000)) {
    throw invalidArgument('max-buckets must be an integer between 1 and 10000', 'max-buckets', maxText);
  }
  const token = query.get('continuation-token') ?? '';
  const after = token === '' ? '' : Buffer.from(token, 'base64url').toString('utf8');
  const owner = ctx.access.principal ?? LOCAL_OWNER;
  const buckets = [...ctx.store.index.buckets.values()]
    .filter((bucket) => (!ctx.access.checked || ownerOf(bucket).id === owner.id) && bucket.name.startsWith(prefix) && bucket.name > after)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const listed = maxText === undefined ? buckets : buckets.slice(0, Number(maxText));
  const lastListed = listed.at(-1);
  const next =
    listed.length < buckets.length && lastListed !== undefined ? Buffer.from(lastListed.name, 'utf8').toString('base64url') : undefined;
  sendXml(ctx, 200, 'ListAllMyBucketsResult', [
    ['Owner', ownerXml(owner)],
    [
      'Buckets',
      listed.map(
        (bucket): XmlChild => [
          'Bucket',
          [
            ['Name', bucket.name],
            ['CreationDate', bucket.created],
            ['BucketRegion', ctx.region],
          ],
        ],
      ),
    ],
    ['ContinuationToken', next],
    ['Prefix', query.has('prefix') ? prefix : undefined],
  ]);
}

/**
 * CreateBucket, owned by the caller, with the ACL its headers ask for. Re-creating a bucket you
 * own succeeds in us-east-1 when it would change nothing (S3's legacy behaviour there; another ACL
 * is BucketAlreadyExists) and is BucketAlreadyOwnedByYou elsewhere.
 */
export async function createBucket(ctx: S3Context): Promise<void> {
  ctx.access.requireAuthenticated();
  const name = ctx.target.bucket ?? '';
  const owner = ctx.access.principal ?? LOCAL_OWNER;
  const acl = aclFromHeaders(ctx.req.headers, owner, owner, ctx.ownerById);
  const existing = ctx.store.index.buckets.get(name);
  if (existing !== undefined && ctx.region === 'us-east-1' && ownerOf(existing).id === owner.id) {
    if (!sameGrants(acl ?? privateGrants(owner), grantsOf(existing))) {
      throw new S3Error(
        'BucketAlreadyExists',
        'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
        409,
        { BucketName: name },
      );
    }
  } else {
    await ctx.store.createBucket(name, ctx.access.checked ? owner : undefined, acl);
  }
  sendEmpty(ctx, 200, { location: `/${name}` });
}

export function headBucket(ctx: S3Context): void {
  bucketOf(ctx);
  sendEmpty(ctx, 200, { 'x-amz-bucket-region': ctx.region });
}

export async function deleteBucket(ctx: S3Context): Promise<void> {
  await ctx.store.deleteBucket(ctx.target.bucket ?? '');
  sendEmpty(ctx, 204);
}

export function getBucketLocation(ctx: S3Context): void {
  bucketOf(ctx);
  // us-east-1 is reported as an empty LocationConstraint.
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${ctx.region === 'us-east-1' ? '' : ctx.region}</LocationConstraint>`;
  ctx.res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  ctx.res.end(body);
}

export function getBucketVersioning(ctx: S3Context): void {
  const bucket = bucketOf(ctx);
  sendXml(ctx, 200, 'VersioningConfiguration', [['Status', bucket.versioning]]);
}

export async function putBucketVersioning(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const status = xmlText(await readXmlBody(ctx), 'Status');
  if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
  await ctx.store.setVersioning(bucket.name, status);
  sendEmpty(ctx, 200);
}

/** DeleteObjects (POST ?delete): each key deleted as DeleteObject would; Quiet reports errors only. */
export async function deleteObjects(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const xml = await readXmlBody(ctx);
  const quiet = xmlText(xml, 'Quiet')?.trim() === 'true';
  const objects = xmlElements(xml, 'Object').map((object) => ({ key: xmlText(object, 'Key'), versionId: xmlText(object, 'VersionId') }));
  if (objects.length === 0 || objects.length > 1000 || objects.some((object) => object.key === undefined)) throw malformedXml();
  const results: XmlChild[] = [];
  for (const { key, versionId } of objects as { key: string; versionId: string | undefined }[]) {
    try {
      const result = await ctx.store.delete(bucket, key, versionId, ctx.access.checked ? ctx.access.creatorIn(bucket) : undefined);
      if (quiet) continue;
      results.push([
        'Deleted',
        [
          ['Key', key],
          ['VersionId', versionId],
          ['DeleteMarker', result.deleteMarker ? 'true' : undefined],
          ['DeleteMarkerVersionId', result.deleteMarker && versionId === undefined ? result.versionId : undefined],
        ],
      ]);
    } catch (error) {
      if (!(error instanceof S3Error)) throw error;
      results.push([
        'Error',
        [
          ['Key', key],
          ['VersionId', versionId],
          ['Code', error.code],
          ['Message', error.message],
        ],
      ]);
    }
  }
  sendXml(ctx, 200, 'DeleteResult', results);
}
