import { invalidArgument } from '../s3-error.js';
import { compareKeys, lowerBound, type StoredVersion } from '../store/index.js';
import { bucketOf, sendXml, type S3Context } from './context.js';
import { encodeListedName } from './listing.js';
import type { XmlChild } from './xml.js';
import { ownerOf } from '../acl/access.js';
import { ownerXml } from '../acl/acl-xml.js';

/**
 * ListObjectVersions: every version and delete marker, keys in order and each key's versions
 * newest first (IsLatest on the first), with key-marker / version-id-marker paging.
 */
export function listObjectVersions(ctx: S3Context): void {
  const bucket = bucketOf(ctx);
  const query = ctx.target.query;
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const keyMarker = query.get('key-marker') ?? '';
  const versionIdMarker = query.get('version-id-marker') ?? undefined;
  const maxKeysText = query.get('max-keys') ?? '1000';
  if (!/^\d+$/.test(maxKeysText))
    throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', maxKeysText);
  const maxKeys = Math.min(1000, Number(maxKeysText));
  const encodingType = query.get('encoding-type') ?? undefined;
  const encode = (text: string | undefined) => (text === undefined || encodingType !== 'url' ? text : encodeListedName(text));

  const entries: XmlChild[] = [];
  let next: { key: string; versionId: string | undefined } | undefined;
  let lastPrefix: string | undefined;
  let last: { key: string; versionId: string | undefined } | undefined;
  const keys = ctx.store.index.sortedKeys(bucket);
  const start = compareKeys(prefix, keyMarker) > 0 ? prefix : keyMarker;
  outer: for (let index = lowerBound(keys, start); index < keys.length; index++) {
    const key = keys[index];
    if (key === undefined || !key.startsWith(prefix)) break;
    if (key === keyMarker && versionIdMarker === undefined) continue;
    const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    if (cut !== -1) {
      const common = key.slice(0, cut + delimiter.length);
      if (common === lastPrefix || compareKeys(common, keyMarker) <= 0) continue;
      if (entries.length === maxKeys) {
        next = last;
        break;
      }
      lastPrefix = common;
      entries.push(['CommonPrefixes', [['Prefix', encode(common)]]]);
      last = { key: common, versionId: undefined };
      continue;
    }
    const versions = bucket.keys.get(key) ?? [];
    let from = 0;
    if (key === keyMarker && versionIdMarker !== undefined)
      from = versions.findIndex((version) => version.versionId === versionIdMarker) + 1;
    for (const [position, version] of versions.entries()) {
      if (position < from) continue;
      if (entries.length === maxKeys) {
        next = last;
        break outer;
      }
      entries.push(versionEntry(version, position === 0, encode));
      last = { key, versionId: version.versionId };
    }
  }
  sendXml(ctx, 200, 'ListVersionsResult', [
    ['Name', bucket.name],
    ['Prefix', encode(prefix)],
    ['KeyMarker', encode(keyMarker)],
    ['VersionIdMarker', versionIdMarker ?? ''],
    ['MaxKeys', maxKeys],
    ['Delimiter', delimiter === '' ? undefined : encode(delimiter)],
    ['EncodingType', encodingType],
    ['IsTruncated', next !== undefined],
    ['NextKeyMarker', encode(next?.key)],
    ['NextVersionIdMarker', next?.versionId],
    ...entries,
  ]);
}

function versionEntry(version: StoredVersion, isLatest: boolean, encode: (text: string) => string | undefined): XmlChild {
  if (version.deleteMarker) {
    return [
      'DeleteMarker',
      [
        ['Key', encode(version.key)],
        ['VersionId', version.versionId],
        ['IsLatest', isLatest],
        ['LastModified', version.lastModified],
        ['Owner', ownerXml(ownerOf(version))],
      ],
    ];
  }
  return [
    'Version',
    [
      ['Key', encode(version.key)],
      ['VersionId', version.versionId],
      ['IsLatest', isLatest],
      ['LastModified', version.lastModified],
      ['ETag', version.etag],
      ['Size', version.size],
      ['StorageClass', 'STANDARD'],
      ['Owner', ownerXml(ownerOf(version))],
    ],
  ];
}
