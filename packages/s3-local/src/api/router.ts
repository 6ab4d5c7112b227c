import type { BucketAccess } from '../acl/access.js';
import { S3Error } from '../s3-error.js';
import { getBucketAcl, getObjectAcl, putBucketAcl, putObjectAcl } from './acl.js';
import {
  deleteBucketTagging,
  deleteObjectTagging,
  getBucketTagging,
  getObjectTagging,
  putBucketTagging,
  putObjectTagging,
} from './tagging.js';
import {
  deleteBucketLifecycle,
  getBucketLifecycle,
  getBucketNotification,
  putBucketLifecycle,
  putBucketNotification,
} from './bucket-configurations.js';
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
import { getObjectAttributes } from './object-attributes.js';
import { postObject } from './post-object.js';
import { getObject } from './read-object.js';
import { copyObject, deleteObject, putObject } from './write-object.js';

type Operation = (ctx: S3Context) => void | Promise<void>;

/** An operation and what its caller needs on the bucket first (object permissions are the operation's to check). */
export interface Route {
  readonly operation: Operation;
  readonly access: BucketAccess;
}

/**
 * Query parameters that are arguments of an operation, not a sub-resource naming another one.
 * Any other parameter that is not a known sub-resource (OPERATION_NAMES, the operations' tables)
 * is ignored, as S3 ignores it.
 */
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
  'max-buckets',
  'bucket-region',
  'x-id', // the SDK adds ?x-id=<Operation>
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
]);

/** Bucket operations by `<METHOD> <sub-resource>`, with what they need on the bucket. */
const BUCKET_OPERATIONS: Record<string, Route> = {
  'GET versioning': { operation: getBucketVersioning, access: 'owner' },
  'PUT versioning': { operation: putBucketVersioning, access: 'owner' },
  'GET location': { operation: getBucketLocation, access: 'owner' },
  'GET versions': { operation: listObjectVersions, access: 'READ' },
  'GET uploads': { operation: listMultipartUploads, access: 'READ' },
  'GET acl': { operation: getBucketAcl, access: 'READ_ACP' },
  'PUT acl': { operation: putBucketAcl, access: 'WRITE_ACP' },
  'GET tagging': { operation: getBucketTagging, access: 'owner' },
  'PUT tagging': { operation: putBucketTagging, access: 'owner' },
  'DELETE tagging': { operation: deleteBucketTagging, access: 'owner' },
  'GET lifecycle': { operation: getBucketLifecycle, access: 'owner' },
  'PUT lifecycle': { operation: putBucketLifecycle, access: 'owner' },
  'DELETE lifecycle': { operation: deleteBucketLifecycle, access: 'owner' },
  'GET notification': { operation: getBucketNotification, access: 'owner' },
  'PUT notification': { operation: putBucketNotification, access: 'owner' },
  PUT: { operation: createBucket, access: 'none' },
  HEAD: { operation: headBucket, access: 'READ' },
  DELETE: { operation: deleteBucket, access: 'owner' },
  'POST delete': { operation: deleteObjects, access: 'WRITE' },
};

/** Object operations with a sub-resource, by `<METHOD> <sub-resource>`. */
const OBJECT_OPERATIONS: Record<string, Route> = {
  'POST uploads': { operation: createMultipartUpload, access: 'WRITE' },
  'GET acl': { operation: getObjectAcl, access: 'none' },
  'PUT acl': { operation: putObjectAcl, access: 'none' },
  'GET tagging': { operation: getObjectTagging, access: 'none' },
  'PUT tagging': { operation: putObjectTagging, access: 'none' },
  'DELETE tagging': { operation: deleteObjectTagging, access: 'none' },
  'GET attributes': { operation: getObjectAttributes, access: 'none' },
};

/** S3's operation names for the sub-resources it is asked about most, for the NotImplemented message. */
const OPERATION_NAMES: Record<string, string> = {
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
  torrent: 'ObjectTorrent',
  tagging: 'Tagging',
  acl: 'Acl',
};

/** Every sub-resource name S3 knows (served or not): a query parameter by one of these names picks an operation. */
const SUBRESOURCES = new Set([
  ...Object.keys(OPERATION_NAMES),
  ...[...Object.keys(BUCKET_OPERATIONS), ...Object.keys(OBJECT_OPERATIONS)]
    .map((operation) => operation.split(' ')[1])
    .filter((name): name is string => name !== undefined),
  'analytics',
  'inventory',
  'metrics',
  'intelligent-tiering',
  'policyStatus',
  'session',
  'renameObject',
  'metadataTable',
  'metadataConfiguration',
]);

const VERB: Record<string, string> = { GET: 'Get', HEAD: 'Head', PUT: 'Put', DELETE: 'Delete', POST: 'Post' };

/** Picks the operation a request is for, from method, bucket/key presence and sub-resource. */
export function route(ctx: S3Context): Route {
  const { bucket, key, query } = ctx.target;
  const method = ctx.req.method ?? 'GET';
  const sub = [...query.keys()].find((name) => !ARGUMENTS.has(name) && SUBRESOURCES.has(name));
  // A CORS preflight: there are no CORS configurations (browser pages of other origins are refused).
  if (method === 'OPTIONS') {
    if (ctx.req.headers.origin === undefined)
      throw new S3Error('BadRequest', 'Insufficient information. Origin request header needed.', 400);
    throw new S3Error('CORSResponse', 'CORS is not enabled for this bucket.', 403);
  }
  const unknown = () => notImplemented(`${VERB[method] ?? method}${OPERATION_NAMES[sub ?? ''] ?? `:${sub}`}`);
  if (bucket === undefined) {
    if (method === 'GET' && sub === undefined) return { operation: listBuckets, access: 'none' };
    throw notImplemented(`${method} on the service`);
  }
  if (key === undefined) return bucketOperation(method, sub, query, ctx) ?? throwing(unknown());
  if (sub !== undefined) return OBJECT_OPERATIONS[`${method} ${sub}`] ?? throwing(unknown());
  const uploadId = query.has('uploadId');
  const copy = ctx.target.copySource !== undefined;
  switch (method) {
    case 'GET':
      return uploadId ? { operation: listParts, access: 'WRITE' } : { operation: (c) => getObject(c, false), access: 'none' };
    case 'HEAD':
      return { operation: (c) => getObject(c, true), access: 'none' };
    case 'PUT':
      if (query.has('partNumber') && uploadId) return { operation: copy ? uploadPartCopy : uploadPart, access: 'WRITE' };
      if (uploadId || query.has('partNumber')) throw new S3Error('InvalidRequest', 'UploadPart needs both uploadId and partNumber', 400);
      return { operation: copy ? copyObject : putObject, access: 'WRITE' };
    case 'DELETE':
      return { operation: uploadId ? abortMultipartUpload : deleteObject, access: 'WRITE' };
    case 'POST':
      if (uploadId) return { operation: completeMultipartUpload, access: 'WRITE' };
      throw notImplemented('PostObject on a key');
    default:
      throw notImplemented(`${method} on an object`);
  }
}

function bucketOperation(method: string, sub: string | undefined, query: URLSearchParams, ctx: S3Context): Route | undefined {
  if (method === 'GET' && sub === undefined)
    return { operation: query.get('list-type') === '2' ? listObjectsV2 : listObjects, access: 'READ' };
  // A browser form upload: who may write is decided by its policy's signature, not by a header.
  if (method === 'POST' && sub === undefined) {
    if (/^multipart\/form-data/i.test(ctx.req.headers['content-type'] ?? '')) return { operation: postObject, access: 'none' };
    throw notImplemented('POST on a bucket');
  }
  return BUCKET_OPERATIONS[`${method} ${sub ?? ''}`.trim()];
}

function throwing(error: S3Error): never {
  throw error;
}

function notImplemented(operation: string): S3Error {
  return new S3Error(
    'NotImplemented',
    `A header or operation you provided implies functionality that is not implemented: ${operation}`,
    501,
  );
}
