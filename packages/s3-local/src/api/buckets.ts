import { readSmallBody, requestBody } from '../request-body.js';
import { malformedXml, S3Error } from '../s3-error.js';
import { bucketOf, OWNER, sendEmpty, sendXml, type S3Context } from './context.js';
import type { XmlChild } from './xml.js';
import { xmlElements, xmlText } from './xml.js';

/** Largest XML body read for a bucket operation (DeleteObjects: 1,000 keys of up to 1,024 bytes). */
export const MAX_S3_XML_BODY_BYTES = 4 * 1024 * 1024;

export async function readXmlBody(ctx: S3Context): Promise<string> {
  const body = await readSmallBody(requestBody(ctx.req), MAX_S3_XML_BODY_BYTES);
  if (body === undefined) throw new S3Error('MaxMessageLengthExceeded', 'Your request was too big.', 400);
  return body;
}

export function listBuckets(ctx: S3Context): void {
  const buckets = [...ctx.store.index.buckets.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  sendXml(ctx, 200, 'ListAllMyBucketsResult', [
    ['Owner', OWNER],
    ['Buckets', buckets.map((bucket): XmlChild => ['Bucket', [['Name', bucket.name], ['CreationDate', bucket.created]]])],
  ]);
}

/** CreateBucket. Re-creating a bucket you own succeeds in us-east-1 (S3's legacy behaviour there) and is BucketAlreadyOwnedByYou elsewhere. */
export async function createBucket(ctx: S3Context): Promise<void> {
  const name = ctx.target.bucket ?? '';
  if (!(ctx.region === 'us-east-1' && ctx.store.index.buckets.has(name))) await ctx.store.createBucket(name);
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
      const result = await ctx.store.delete(bucket, key, versionId);
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
      results.push(['Error', [['Key', key], ['VersionId', versionId], ['Code', error.code], ['Message', error.message]]]);
    }
  }
  sendXml(ctx, 200, 'DeleteResult', results);
}

