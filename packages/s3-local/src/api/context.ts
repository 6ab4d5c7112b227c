import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessControl } from '../acl/access.js';
import type { OwnerLookup } from '../acl/acl-xml.js';
import type { AccessKeyStore } from '../auth/access-keys.js';
import type { ChunkSigning } from '../auth/chunk-signatures.js';
import type { ObjectCreatedEventName } from '../event-record.js';
import type { RequestTarget } from '../request-target.js';
import { S3Error } from '../s3-error.js';
import type { BucketState, StoredVersion } from '../store/index.js';
import type { MultipartStore } from '../store/multipart.js';
import type { ObjectStore } from '../store/object-store.js';
import { xmlDocument, type XmlChild } from './xml.js';

/** One S3 request, with what the operations need. */
export interface S3Context {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly target: RequestTarget;
  readonly store: ObjectStore;
  readonly multipart: MultipartStore;
  readonly region: string;
  /** Who asks, and what they may do (everything, when signatures are not checked). */
  readonly access: AccessControl;
  /** The request's verified signature, for the chunk signatures of its body; absent when not checked. */
  readonly signing?: ChunkSigning | undefined;
  /** The owners ACL grants may name (the configured access keys'). */
  readonly ownerById: OwnerLookup;
  /** The access keys signatures are checked against; undefined when they are not checked. */
  readonly accessKeys: AccessKeyStore | undefined;
  /** The clock (milliseconds) expirations are checked against. */
  readonly now: () => number;
  /** Announces a created object (the service turns it into an event record). */
  readonly created: (eventName: ObjectCreatedEventName, bucket: BucketState, version: StoredVersion) => void;
}

export function sendXml(
  ctx: S3Context,
  status: number,
  root: string,
  children: readonly XmlChild[],
  headers: Record<string, string> = {},
): void {
  const body = xmlDocument(root, children);
  ctx.res.writeHead(status, { ...headers, 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  ctx.res.end(body);
}

export function sendEmpty(ctx: S3Context, status: number, headers: Record<string, string> = {}): void {
  ctx.res.writeHead(status, { ...headers, 'content-length': '0' });
  ctx.res.end();
}

/** The request's bucket (it names one: the router checked). */
export function bucketOf(ctx: S3Context): BucketState {
  return ctx.store.bucket(ctx.target.bucket ?? '');
}

export function keyOf(ctx: S3Context): string {
  return ctx.target.key ?? '';
}

export function header(ctx: S3Context, name: string): string | undefined {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** x-amz-version-id as S3 sends it when reading: only for buckets that have (or had) versioning. */
export function versionHeader(bucket: BucketState, versionId: string | undefined): Record<string, string> {
  return bucket.versioning === undefined || versionId === undefined ? {} : { 'x-amz-version-id': versionId };
}

/** x-amz-version-id of a write: only a real version id; S3 omits the 'null' of a suspended bucket. */
export function writtenVersionHeader(versionId: string): Record<string, string> {
  return versionId === 'null' ? {} : { 'x-amz-version-id': versionId };
}

/** Content headers stored with an object, from a PUT / CreateMultipartUpload / CopyObject (REPLACE). */
const STORED_HEADERS = ['content-type', 'content-disposition', 'content-language', 'cache-control', 'expires'];

export function storedFields(
  req: IncomingMessage,
  contentEncoding: string | undefined,
): { headers: Record<string, string>; metadata: Record<string, string> } {
  const headers: Record<string, string> = {};
  const metadata: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (contentEncoding !== undefined) headers['content-encoding'] = contentEncoding;
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name] = value;
  }
  const size = Object.entries(metadata).reduce(
    (total, [name, value]) => total + Buffer.byteLength(name) - 11 + Buffer.byteLength(value),
    0,
  );
  if (size > 2048)
    throw new S3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', 400, {
      Size: String(size),
      MaxSizeAllowed: '2048',
    });
  return { headers, metadata };
}

/** An HTTP date as S3 writes Last-Modified. */
export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}
