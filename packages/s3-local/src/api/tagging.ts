import { S3Error } from '../s3-error.js';
import type { Tag } from '../store/index.js';
import { readXmlBody } from './buckets.js';
import { bucketOf, keyOf, sendEmpty, sendXml, versionHeader, type S3Context } from './context.js';
import { xmlElements, xmlText, type XmlChild } from './xml.js';
import { ownerOf } from '../acl/access.js';
import { accessDenied } from '../acl/access.js';

/** S3's limits: 10 tags on an object, 50 on a bucket; keys up to 128 characters, values up to 256. */
const MAX_OBJECT_TAGS = 10;
const MAX_BUCKET_TAGS = 50;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;

const invalidTag = (message: string) => new S3Error('InvalidTag', message, 400);

/** Checks a tag set against S3's limits (count, lengths, unique keys); returns it in key order, as S3 lists tags. */
export function checkTags(tags: readonly Tag[], maxTags = MAX_OBJECT_TAGS): Tag[] {
  if (tags.length > maxTags) throw invalidTag(`Object tags cannot be greater than ${maxTags}`);
  const seen = new Set<string>();
  for (const { key, value } of tags) {
    if (key.length === 0 || [...key].length > MAX_KEY_LENGTH) throw invalidTag('The TagKey you have provided is invalid');
    if ([...value].length > MAX_VALUE_LENGTH) throw invalidTag('The TagValue you have provided is invalid');
    if (seen.has(key)) throw invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(key);
  }
  return [...tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A `<Tagging><TagSet><Tag><Key/><Value/></Tag>...` document's tags (PutObjectTagging, a POST form's `tagging`). */
export function tagsFromXml(xml: string, maxTags = MAX_OBJECT_TAGS): Tag[] {
  if (!/<Tagging[\s>]/.test(xml) || !/<TagSet[\s>/]/.test(xml))
    throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  return checkTags(
    xmlElements(xml, 'Tag').map((tag) => ({ key: xmlText(tag, 'Key') ?? '', value: xmlText(tag, 'Value') ?? '' })),
    maxTags,
  );
}

/** `x-amz-tagging: k1=v1&k2` (URL query encoding) on PutObject, CopyObject (REPLACE) and CreateMultipartUpload. */
export function tagsFromHeader(value: string | undefined): Tag[] | undefined {
  if (value === undefined) return undefined;
  return checkTags([...new URLSearchParams(value)].map(([key, tagValue]) => ({ key, value: tagValue })));
}

function tagSetXml(tags: readonly Tag[]): XmlChild[] {
  return [
    [
      'TagSet',
      tags.map(
        (tag): XmlChild => [
          'Tag',
          [
            ['Key', tag.key],
            ['Value', tag.value],
          ],
        ],
      ),
    ],
  ];
}

/** The version an object tagging request is about (the latest, or ?versionId=; not a delete marker). */
function taggedVersion(ctx: S3Context) {
  const bucket = bucketOf(ctx);
  const versionId = ctx.target.query.get('versionId') ?? undefined;
  const version = ctx.store.find(bucket, keyOf(ctx), versionId);
  if (version.deleteMarker)
    throw new S3Error(
      versionId === undefined ? 'NoSuchKey' : 'MethodNotAllowed',
      'The specified key does not exist.',
      versionId === undefined ? 404 : 405,
      { Key: version.key },
    );
  return { bucket, version };
}

/** Tag changes need the object's owner or the bucket's (S3 grants them by policy, which ACLs cannot). */
function requireTagWrite(ctx: S3Context, bucket: ReturnType<typeof bucketOf>, version: Parameters<typeof ownerOf>[0]): void {
  const principal = ctx.access.principal?.id;
  if (ctx.access.checked && principal !== ownerOf(version).id && principal !== ownerOf(bucket).id) throw accessDenied();
}

export function getObjectTagging(ctx: S3Context): void {
  const { bucket, version } = taggedVersion(ctx);
  ctx.access.requireObject(version, 'READ');
  sendXml(ctx, 200, 'Tagging', tagSetXml(version.tags ?? []), versionHeader(bucket, version.versionId));
}

export async function putObjectTagging(ctx: S3Context): Promise<void> {
  const { bucket, version } = taggedVersion(ctx);
  requireTagWrite(ctx, bucket, version);
  const tags = tagsFromXml(await readXmlBody(ctx));
  const updated = await ctx.store.updateVersion(bucket, version, { tags });
  sendEmpty(ctx, 200, versionHeader(bucket, updated.versionId));
}

export async function deleteObjectTagging(ctx: S3Context): Promise<void> {
  const { bucket, version } = taggedVersion(ctx);
  requireTagWrite(ctx, bucket, version);
  const updated = await ctx.store.updateVersion(bucket, version, { tags: [] });
  sendEmpty(ctx, 204, versionHeader(bucket, updated.versionId));
}

/** GetBucketTagging: the tags PutBucketTagging stored, or 404 NoSuchTagSet. */
export function getBucketTagging(ctx: S3Context): void {
  const document = bucketOf(ctx).configurations['tagging'];
  if (document === undefined) throw new S3Error('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: ctx.target.bucket });
  sendXml(ctx, 200, 'Tagging', tagSetXml(JSON.parse(document) as Tag[]));
}

export async function putBucketTagging(ctx: S3Context): Promise<void> {
  const tags = tagsFromXml(await readXmlBody(ctx), MAX_BUCKET_TAGS);
  await ctx.store.setConfiguration(bucketOf(ctx), 'tagging', JSON.stringify(tags));
  sendEmpty(ctx, 204);
}

export async function deleteBucketTagging(ctx: S3Context): Promise<void> {
  await ctx.store.setConfiguration(bucketOf(ctx), 'tagging', undefined);
  sendEmpty(ctx, 204);
}
