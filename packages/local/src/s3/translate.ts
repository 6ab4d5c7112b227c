import { buildObjectCreatedRecord, type ObjectCreatedEventName, type S3EventRecord } from './event-record.js';
import type { FilesystemStoreLike, S3rverRecord } from './s3rver.js';

/** What the front knew about the request that created an object (s3rver's event does not say). */
export interface RequestFacts {
  readonly method: string;
  /** The request had x-amz-copy-source. */
  readonly copy: boolean;
  /** The request named an uploadId. */
  readonly multipart: boolean;
  readonly sourceIp: string;
  readonly requestId: string;
  readonly hostId: string;
}

export interface TranslateInput {
  readonly s3rverRecord: S3rverRecord;
  /** Undefined only if s3rver emitted outside a request (it does not). */
  readonly request: RequestFacts | undefined;
  readonly region: string;
  readonly sequencer: string;
  readonly store: Pick<FilesystemStoreLike, 'getMetadata'>;
}

/**
 * Turns s3rver's object-created record into the one S3 sends. s3rver's differs: version 2.0,
 * region always us-east-1, the key not URL-encoded, a CompleteMultipartUpload named
 * ObjectCreated:Post, a malformed bucket ARN, no eTag for copies, a millisecond-clock sequencer
 * that repeats, random owner ids.
 */
export async function toObjectCreatedRecord(input: TranslateInput): Promise<S3EventRecord> {
  const { s3rverRecord, request } = input;
  const bucket = s3rverRecord.s3.bucket.name;
  const key = s3rverRecord.s3.object.key;
  const etag = s3rverRecord.s3.object.eTag ?? String((await input.store.getMetadata(bucket, key))['etag'] ?? '');
  return buildObjectCreatedRecord({
    eventName: createdEventName(request, s3rverRecord.eventName),
    region: input.region,
    bucket,
    key,
    size: Number(s3rverRecord.s3.object.size ?? 0),
    etag,
    sequencer: input.sequencer,
    sourceIp: request?.sourceIp ?? '127.0.0.1',
    requestId: request?.requestId ?? '0000000000000000',
    hostId: request?.hostId ?? '',
  });
}

/** The event name S3 would use, from the request: PUT (copy or not), POST form or multipart completion. */
export function createdEventName(request: RequestFacts | undefined, s3rverName: string): ObjectCreatedEventName {
  if (request?.method === 'PUT') return request.copy ? 'ObjectCreated:Copy' : 'ObjectCreated:Put';
  if (request?.method === 'POST') return request.multipart ? 'ObjectCreated:CompleteMultipartUpload' : 'ObjectCreated:Post';
  if (s3rverName === 'ObjectCreated:Copy' || s3rverName === 'ObjectCreated:Post') return s3rverName;
  return 'ObjectCreated:Put';
}
