import { S3Error } from '../s3-error.js';
import {
  createBucket,
  deleteBucket,
  deleteObjects,
  getBucketLocation,
  getBucketVersioning,
  headBucket,
  listBuckets,
  putBucketVersioning,
} from './buckets.js';
import type { S3Context } from './context.js';
import { listObjectVersions } from './list-versions.js';
import { listObjects, listObjectsV2 } from './listing.js';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
  uploadPartCopy,
} from './multipart.js';
import { postObject } from './post-object.js';
import { getObject } from './read-object.js';
import { copyObject, deleteObject, putObject } from './write-object.js';

type Operation = (ctx: S3Context) => void | Promise<void>;

/** Query parameters that are arguments of an operation, not a sub-resource naming another one. */
const ARGUMENTS = new Set([
  'versionId',
  'uploadId',
  'partNumber',
  'prefix',
  'delimiter',
  'marker',
  'max-keys',
  'encoding-type',
  'list-type',
  'continuation-token',
  'start-after',
  'fetch-owner',
  'key-marker',
  'version-id-marker',
  'upload-id-marker',
  'max-uploads',
  'max-parts',
  'part-number-marker',
  'x-id', // the SDK adds ?x-id=<Operation>
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
]);

/** Sub-resources the runtime serves; any other one is answered 501 NotImplemented. */
const SERVED = new Set(['versioning', 'location', 'versions', 'uploads', 'delete']);

/** S3's operation names for the sub-resources it is asked about most, for the NotImplemented message. */
const OPERATION_NAMES: Record<string, string> = {
  tagging: 'ObjectTagging',
  acl: 'Acl',
  cors: 'BucketCors',
  lifecycle: 'BucketLifecycleConfiguration',
  policy: 'BucketPolicy',
  website: 'BucketWebsite',
  'object-lock': 'ObjectLockConfiguration',
  encryption: 'BucketEncryption',
  notification: 'BucketNotificationConfiguration',
  logging: 'BucketLogging',
  replication: 'BucketReplication',
  retention: 'ObjectRetention',
  'legal-hold': 'ObjectLegalHold',
  attributes: 'ObjectAttributes',
  restore: 'RestoreObject',
  select: 'SelectObjectContent',
  ownershipControls: 'BucketOwnershipControls',
  publicAccessBlock: 'PublicAccessBlock',
  accelerate: 'BucketAccelerateConfiguration',
  requestPayment: 'BucketRequestPayment',
};

const VERB: Record<string, string> = { GET: 'Get', HEAD: 'Head', PUT: 'Put', DELETE: 'Delete', POST: 'Post' };

/** Picks the operation a request is for, from method, bucket/key presence and sub-resource. */
export function route(ctx: S3Context): Operation {
  const { bucket, key, query } = ctx.target;
  const method = ctx.req.method ?? 'GET';
  const sub = [...query.keys()].find((name) => !ARGUMENTS.has(name));
  if (sub !== undefined && !SERVED.has(sub)) throw notImplemented(`${VERB[method] ?? method}${OPERATION_NAMES[sub] ?? `:${sub}`}`);
  if (bucket === undefined) {
    if (method === 'GET') return listBuckets;
    throw notImplemented(`${method} on the service`);
  }
  if (key === undefined) return bucketOperation(method, sub, query, ctx);
  if (sub === 'uploads' && method === 'POST') return createMultipartUpload;
  if (sub !== undefined) throw notImplemented(`${VERB[method] ?? method} ?${sub} on an object`);
  const uploadId = query.has('uploadId');
  const copy = ctx.target.copySource !== undefined;
  // Reading one part of a multipart object is not implemented: better a 501 than the whole object.
  if ((method === 'GET' || method === 'HEAD') && query.has('partNumber') && !uploadId)
    throw notImplemented(`${VERB[method]}Object with partNumber`);
  switch (method) {
    case 'GET':
      return uploadId ? listParts : (c) => getObject(c, false);
    case 'HEAD':
      return (c) => getObject(c, true);
    case 'PUT':
      if (query.has('partNumber') && uploadId) return copy ? uploadPartCopy : uploadPart;
      if (uploadId || query.has('partNumber')) throw new S3Error('InvalidRequest', 'UploadPart needs both uploadId and partNumber', 400);
      return copy ? copyObject : putObject;
    case 'DELETE':
      return uploadId ? abortMultipartUpload : deleteObject;
    case 'POST':
      if (uploadId) return completeMultipartUpload;
      throw notImplemented('PostObject on a key');
    default:
      throw notImplemented(`${method} on an object`);
  }
}

function bucketOperation(method: string, sub: string | undefined, query: URLSearchParams, ctx: S3Context): Operation {
  const operation = `${method} ${sub ?? ''}`.trim();
  switch (operation) {
    case 'GET':
      return query.get('list-type') === '2' ? listObjectsV2 : listObjects;
    case 'GET versioning':
      return getBucketVersioning;
    case 'PUT versioning':
      return putBucketVersioning;
    case 'GET location':
      return getBucketLocation;
    case 'GET versions':
      return listObjectVersions;
    case 'GET uploads':
      return listMultipartUploads;
    case 'PUT':
      return createBucket;
    case 'HEAD':
      return headBucket;
    case 'DELETE':
      return deleteBucket;
    case 'POST delete':
      return deleteObjects;
    case 'POST':
      if (/^multipart\/form-data/i.test(ctx.req.headers['content-type'] ?? '')) return postObject;
      throw notImplemented('POST on a bucket');
    default:
      throw notImplemented(`${VERB[method] ?? method}${sub === undefined ? '' : ` ?${sub}`} on a bucket`);
  }
}

function notImplemented(operation: string): S3Error {
  return new S3Error(
    'NotImplemented',
    `A header or operation you provided implies functionality that is not implemented: ${operation}`,
    501,
  );
}
