import { invalidArgument } from '../s3-error.js';
import { compareKeys, lowerBound, type BucketState, type StoredVersion } from '../store/index.js';
import { bucketOf, sendXml, type S3Context } from './context.js';
import type { XmlChild } from './xml.js';
import { ownerOf } from '../acl/access.js';
import { ownerXml } from '../acl/acl-xml.js';

interface Walk {
  readonly prefix: string;
  readonly delimiter: string;
  /** List only what comes after this key (or common prefix). */
  readonly after: string;
  readonly maxKeys: number;
}

/** A listed key (its latest version) or a common prefix. */
type Entry =
  | { readonly kind: 'key'; readonly key: string; readonly version: StoredVersion }
  | { readonly kind: 'prefix'; readonly prefix: string };

/**
 * The keys (latest version not a delete marker) and common prefixes after `after`, in UTF-8
 * order, from the bucket's sorted key list: a binary search to the start, then only the keys
 * listed (plus those rolled into common prefixes) are visited.
 */
function walk(
  ctx: S3Context,
  bucket: BucketState,
  options: Walk,
  includeKey: (key: string) => StoredVersion | undefined,
): { entries: Entry[]; truncated: boolean } {
  const keys = ctx.store.index.sortedKeys(bucket);
  const { prefix, delimiter, after, maxKeys } = options;
  const entries: Entry[] = [];
  if (maxKeys === 0) return { entries, truncated: false };
  let index = lowerBound(keys, compareKeys(prefix, after) > 0 ? prefix : after);
  let lastPrefix: string | undefined;
  for (; index < keys.length; index++) {
    const key = keys[index];
    if (key === undefined || !key.startsWith(prefix)) break;
    if (compareKeys(key, after) <= 0) continue;
    const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    if (cut !== -1) {
      const common = key.slice(0, cut + delimiter.length);
      if (common === lastPrefix || compareKeys(common, after) <= 0) continue;
      if (entries.length === maxKeys) return { entries, truncated: true };
      lastPrefix = common;
      entries.push({ kind: 'prefix', prefix: common });
      continue;
    }
    const version = includeKey(key);
    if (version === undefined) continue;
    if (entries.length === maxKeys) return { entries, truncated: true };
    entries.push({ kind: 'key', key, version });
  }
  return { entries, truncated: false };
}

/**
 * A key, prefix or marker as listings send it with `encoding-type=url`: percent-encoded UTF-8
 * (a space is `%20`, `+` is `%2B`), `/` kept.
 */
export function encodeListedName(text: string): string {
  return encodeURIComponent(text).replace(/%2F/g, '/');
}

function listParameters(ctx: S3Context) {
  const query = ctx.target.query;
  const maxKeysText = query.get('max-keys') ?? '1000';
  if (!/^\d+$/.test(maxKeysText))
    throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', maxKeysText);
  const encodingType = query.get('encoding-type') ?? undefined;
  if (encodingType !== undefined && encodingType !== 'url')
    throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  const encode = (text: string | undefined) => (text === undefined || encodingType === undefined ? text : encodeListedName(text));
  return {
    prefix: query.get('prefix') ?? '',
    delimiter: query.get('delimiter') ?? '',
    maxKeys: Math.min(1000, Number(maxKeysText)),
    encodingType,
    encode,
  };
}

const latestObject = (ctx: S3Context, bucket: BucketState) => (key: string) => {
  const latest = ctx.store.index.latest(bucket, key);
  return latest === undefined || latest.deleteMarker ? undefined : latest;
};

function contents(entry: Entry & { kind: 'key' }, encode: (text: string) => string | undefined, owner: boolean): XmlChild {
  const { version } = entry;
  return [
    'Contents',
    [
      ['Key', encode(entry.key)],
      ['LastModified', version.lastModified],
      ['ETag', version.etag],
      ['Size', version.size],
      ['StorageClass', 'STANDARD'],
      ['Owner', owner ? ownerXml(ownerOf(version)) : undefined],
    ],
  ];
}

function render(entries: readonly Entry[], encode: (text: string) => string | undefined, owner: boolean): XmlChild[] {
  return entries.map((entry) =>
    entry.kind === 'key' ? contents(entry, encode, owner) : ['CommonPrefixes', [['Prefix', encode(entry.prefix)]]],
  );
}

const lastName = (entries: readonly Entry[]) => {
  const last = entries.at(-1);
  return last === undefined ? undefined : last.kind === 'key' ? last.key : last.prefix;
};

/** ListObjectsV2: continuation tokens are the last key (or common prefix) listed, base64url-encoded. */
export function listObjectsV2(ctx: S3Context): void {
  const bucket = bucketOf(ctx);
  const { prefix, delimiter, maxKeys, encodingType, encode } = listParameters(ctx);
  const token = ctx.target.query.get('continuation-token') ?? undefined;
  const startAfter = ctx.target.query.get('start-after') ?? undefined;
  let after = startAfter ?? '';
  // An empty token is no token (S3 lists from the start and echoes it).
  if (token !== undefined && token !== '') {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (!decoded.startsWith('k:')) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
    after = decoded.slice(2);
  }
  const { entries, truncated } = walk(ctx, bucket, { prefix, delimiter, after, maxKeys }, latestObject(ctx, bucket));
  const last = lastName(entries);
  const next = truncated && last !== undefined ? Buffer.from(`k:${last}`, 'utf8').toString('base64url') : undefined;
  sendXml(ctx, 200, 'ListBucketResult', [
    ['Name', bucket.name],
    ['Prefix', encode(prefix)],
    ['Delimiter', delimiter === '' ? undefined : encode(delimiter)],
    ['MaxKeys', maxKeys],
    ['EncodingType', encodingType],
    ['KeyCount', entries.length],
    ['IsTruncated', truncated],
    ['ContinuationToken', token],
    ['NextContinuationToken', next],
    ['StartAfter', encode(startAfter)],
    ...render(entries, encode, ctx.target.query.get('fetch-owner') === 'true'),
  ]);
}

/** ListObjects (v1): marker / NextMarker. */
export function listObjects(ctx: S3Context): void {
  const bucket = bucketOf(ctx);
  const { prefix, delimiter, maxKeys, encodingType, encode } = listParameters(ctx);
  const marker = ctx.target.query.get('marker') ?? '';
  const { entries, truncated } = walk(ctx, bucket, { prefix, delimiter, after: marker, maxKeys }, latestObject(ctx, bucket));
  sendXml(ctx, 200, 'ListBucketResult', [
    ['Name', bucket.name],
    ['Prefix', prefix], // ListObjects (v1) encodes Delimiter, Marker, NextMarker and keys, never the Prefix
    ['Marker', encode(marker)],
    ['MaxKeys', maxKeys],
    ['Delimiter', delimiter === '' ? undefined : encode(delimiter)],
    ['EncodingType', encodingType],
    ['IsTruncated', truncated],
    ['NextMarker', truncated ? encode(lastName(entries)) : undefined],
    ...render(entries, encode, true),
  ]);
}
