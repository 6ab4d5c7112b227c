import { invalidArgument, S3Error } from '../s3-error.js';
import { bucketOf, header, httpDate, keyOf, sendXml, versionHeader, type S3Context } from './context.js';
import { checksumElements } from './multipart-checksums.js';
import type { XmlChild } from './xml.js';

const ATTRIBUTES = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'];

/**
 * GetObjectAttributes: what x-amz-object-attributes asks for of a version — ETag (unquoted),
 * Checksum, ObjectParts (multipart objects only, x-amz-max-parts at a time after
 * x-amz-part-number-marker), StorageClass, ObjectSize — without its body.
 */
export function getObjectAttributes(ctx: S3Context): void {
  const bucket = bucketOf(ctx);
  const versionId = ctx.target.query.get('versionId') ?? undefined;
  const requested = (header(ctx, 'x-amz-object-attributes') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (requested.length === 0) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-object-attributes', 400);
  const unknown = requested.find((name) => !ATTRIBUTES.includes(name));
  if (unknown !== undefined) throw invalidArgument('Invalid attribute name specified.', 'x-amz-object-attributes', unknown);
  const version = ctx.store.find(bucket, keyOf(ctx), versionId);
  if (version.deleteMarker) {
    const headers = { 'x-amz-delete-marker': 'true', ...versionHeader(bucket, version.versionId) };
    throw versionId === undefined
      ? new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: version.key }, headers)
      : new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {}, headers);
  }
  ctx.access.requireObject(version, 'READ');
  const wants = (name: string) => requested.includes(name);
  const checksums = checksumElements(version.checksums, version.checksumType ?? 'FULL_OBJECT');
  const children: XmlChild[] = [
    ['ETag', wants('ETag') ? version.etag.replace(/"/g, '') : undefined],
    ['Checksum', wants('Checksum') && checksums.length > 0 ? checksums : undefined],
    ['ObjectParts', wants('ObjectParts') && version.parts !== undefined ? objectParts(ctx, version.parts) : undefined],
    ['StorageClass', wants('StorageClass') ? 'STANDARD' : undefined],
    ['ObjectSize', wants('ObjectSize') ? version.size : undefined],
  ];
  sendXml(ctx, 200, 'GetObjectAttributesResponse', children, {
    'last-modified': httpDate(version.lastModified),
    ...versionHeader(bucket, version.versionId),
  });
}

function objectParts(ctx: S3Context, parts: NonNullable<import('../store/index.js').StoredVersion['parts']>): XmlChild[] {
  const maxText = header(ctx, 'x-amz-max-parts') ?? '1000';
  const markerText = header(ctx, 'x-amz-part-number-marker') ?? '0';
  if (!/^\d+$/.test(maxText))
    throw invalidArgument('Provided max-parts not an integer or within integer range', 'x-amz-max-parts', maxText);
  if (!/^\d+$/.test(markerText))
    throw invalidArgument('Provided part-number-marker not an integer or within integer range', 'x-amz-part-number-marker', markerText);
  const maxParts = Math.min(1000, Number(maxText));
  const marker = Number(markerText);
  // Parts are numbered by their place in the object (what GetObject's partNumber reads).
  const numbered = parts.map((part, index) => ({ ...part, number: index + 1 })).filter((part) => part.number > marker);
  const listed = numbered.slice(0, maxParts);
  const truncated = numbered.length > listed.length;
  return [
    ['PartsCount', parts.length],
    ['PartNumberMarker', marker],
    ['NextPartNumberMarker', listed.at(-1)?.number ?? marker],
    ['MaxParts', maxParts],
    ['IsTruncated', truncated],
    ...listed.map((part): XmlChild => ['Part', [['PartNumber', part.number], ['Size', part.size], ...checksumElements(part.checksums)]]),
  ];
}
