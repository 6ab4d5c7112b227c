import { bucketArnOf } from '@sizegate/types';
import { safeDecode } from './path-safety.js';

/** The object-created event names S3 sends (without the `s3:` prefix, as in the notification body). */
export type ObjectCreatedEventName =
  | 'ObjectCreated:Put'
  | 'ObjectCreated:Post'
  | 'ObjectCreated:Copy'
  | 'ObjectCreated:CompleteMultipartUpload';

/**
 * One record of an S3 event notification, shaped exactly as S3 delivers it to Lambda, SQS and SNS
 * (event structure version 2.1). `s3.object.key` is URL-encoded the way S3 encodes it.
 */
export interface S3EventRecord {
  readonly eventVersion: '2.1';
  readonly eventSource: 'aws:s3';
  readonly awsRegion: string;
  /** ISO-8601 with milliseconds, when the request finished. */
  readonly eventTime: string;
  readonly eventName: ObjectCreatedEventName;
  readonly userIdentity: { readonly principalId: string };
  readonly requestParameters: { readonly sourceIPAddress: string };
  readonly responseElements: { readonly 'x-amz-request-id': string; readonly 'x-amz-id-2': string };
  readonly s3: {
    readonly s3SchemaVersion: '1.0';
    readonly configurationId: string;
    readonly bucket: { readonly name: string; readonly ownerIdentity: { readonly principalId: string }; readonly arn: string };
    readonly object: {
      /** Form-URL-encoded key: a space is '+', a '+' is '%2B'; '/' stays as is. */
      readonly key: string;
      readonly size: number;
      /** Without quotes. */
      readonly eTag: string;
      /** Present only for versions written while the bucket's versioning was enabled. */
      readonly versionId?: string;
      /** Upper-case hex, strictly increasing across the runtime's events. */
      readonly sequencer: string;
    };
  };
}

/** The S3 notification event delivered to a function: `{ Records: [...] }`. */
export interface S3NotificationEvent {
  readonly Records: readonly S3EventRecord[];
}

/** Who the local runtime says made a request and owns the buckets; any access key is accepted. */
export const LOCAL_PRINCIPAL_ID = 'SIZEGATELOCAL';
/** The notification configuration the local runtime behaves as if the incoming bucket had. */
export const LOCAL_CONFIGURATION_ID = 'sizegate-local';

export interface ObjectCreatedFacts {
  readonly eventName: ObjectCreatedEventName;
  readonly region: string;
  readonly bucket: string;
  /** The object key as stored (not encoded). */
  readonly key: string;
  readonly size: number;
  /** With or without quotes. */
  readonly etag: string;
  readonly sequencer: string;
  /** The version created, when the bucket's versioning is enabled. */
  readonly versionId?: string;
  readonly sourceIp: string;
  readonly requestId: string;
  readonly hostId: string;
  readonly time?: Date;
}

/** Builds the record S3 would send for a created object. */
export function buildObjectCreatedRecord(facts: ObjectCreatedFacts): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: facts.region,
    eventTime: (facts.time ?? new Date()).toISOString(),
    eventName: facts.eventName,
    userIdentity: { principalId: `AWS:${LOCAL_PRINCIPAL_ID}` },
    requestParameters: { sourceIPAddress: facts.sourceIp },
    responseElements: { 'x-amz-request-id': facts.requestId, 'x-amz-id-2': facts.hostId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: LOCAL_CONFIGURATION_ID,
      bucket: { name: facts.bucket, ownerIdentity: { principalId: LOCAL_PRINCIPAL_ID }, arn: bucketArnOf(facts.bucket) },
      object: {
        key: encodeNotificationKey(facts.key),
        size: facts.size,
        eTag: facts.etag.replace(/"/g, ''),
        ...(facts.versionId === undefined ? {} : { versionId: facts.versionId }),
        sequencer: facts.sequencer,
      },
    },
  };
}

/**
 * Encodes a key the way S3 does in event notifications: `application/x-www-form-urlencoded` per
 * path segment (Java's URLEncoder: only A-Z a-z 0-9 - _ . * stay; a space becomes '+'; every other
 * byte of the UTF-8 form becomes %XX, upper-case), with '/' left as is.
 * `'a b+c/ü(1).txt'` → `'a+b%2Bc/%C3%BC%281%29.txt'`.
 */
export function encodeNotificationKey(key: string): string {
  return key.split('/').map(encodeSegment).join('/');
}

/**
 * The stored key of a notification record: the inverse of encodeNotificationKey ('+' is a space,
 * %XX the byte). A malformed escape is kept as it is rather than thrown on.
 */
export function decodeNotificationKey(encodedKey: string): string {
  return safeDecode(encodedKey.replace(/\+/g, ' '));
}

function encodeSegment(segment: string): string {
  let encoded = '';
  for (const byte of Buffer.from(segment, 'utf8')) {
    if (isFormSafe(byte)) encoded += String.fromCharCode(byte);
    else if (byte === 0x20) encoded += '+';
    else encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

function isFormSafe(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    byte === 0x2d || // -
    byte === 0x5f || // _
    byte === 0x2e || // .
    byte === 0x2a // *
  );
}

/**
 * Sequencers: upper-case hex of fixed width, so that string order and numeric order agree, and
 * strictly increasing — also across restarts on the same data directory, because the value starts
 * from the clock (milliseconds shifted left 20 bits, leaving room for a million events per ms).
 */
export function createSequencer(now: () => number = Date.now): () => string {
  let last = 0n;
  return () => {
    const fromClock = BigInt(now()) << 20n;
    last = fromClock > last ? fromClock : last + 1n;
    return last.toString(16).toUpperCase().padStart(18, '0');
  };
}
