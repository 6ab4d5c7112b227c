import { InvalidEvent } from '@sizegate/types';

/** One S3 event notification record (the fields start-execution reads). */
export interface S3NotificationRecord {
  readonly eventSource?: string;
  readonly eventName?: string;
  readonly s3?: {
    readonly bucket?: { readonly name?: string };
    /** `key` is URL-encoded, with '+' for a space. */
    readonly object?: { readonly key?: string; readonly versionId?: string; readonly eTag?: string; readonly sequencer?: string };
  };
}

/** An S3 event notification, delivered to Lambda directly: `{ Records: [...] }`. */
export interface S3NotificationEvent {
  readonly Records: readonly S3NotificationRecord[];
}

/** What S3 sends once when a notification configuration is saved. */
export interface S3TestEvent {
  readonly Service: 'Amazon S3';
  readonly Event: 's3:TestEvent';
  readonly Bucket?: string;
}

/** An S3 event delivered through Amazon EventBridge. */
export interface S3EventBridgeEvent {
  readonly source: 'aws.s3';
  readonly 'detail-type': string;
  readonly detail: {
    readonly bucket: { readonly name: string };
    /** `key` is the object key as stored: EventBridge does not URL-encode it. */
    readonly object: { readonly key: string; readonly etag?: string; readonly 'version-id'?: string; readonly sequencer?: string };
  };
}

/** A direct invocation (console, CLI, another workflow). The key is used exactly as given. */
export interface DirectInput {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string | null;
  readonly etag?: string | null;
}

/** Every event shape start-execution accepts. */
export type StartExecutionEvent = S3NotificationEvent | S3TestEvent | S3EventBridgeEvent | DirectInput;

/** An object to start an execution for, as parsed from an event (key decoded). */
export interface ObjectRecord {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | null;
  readonly etag: string | null;
  readonly sequencer: string | null;
}

/**
 * A record of an event: an object to start an execution for, a record about something else
 * (skipped), or a record that cannot be understood (invalid). For invalid records, bucket/key
 * are whatever the record held (the key possibly still URL-encoded), or null.
 */
export type ParsedRecord =
  | { readonly kind: 'object'; readonly object: ObjectRecord }
  | {
      readonly kind: 'not-created' | 'invalid';
      readonly bucket: string | null;
      readonly key: string | null;
      readonly versionId: string | null;
      readonly reason: string;
    };

export type EventSourceKind = 's3-notification' | 's3-test-event' | 'eventbridge' | 'direct';

export interface ParsedEvent {
  readonly source: EventSourceKind;
  readonly records: readonly ParsedRecord[];
}

export const ACCEPTED_SHAPES =
  'an S3 event notification ({ "Records": [...] } with eventSource "aws:s3"), an s3:TestEvent, ' +
  'an EventBridge "Object Created" event from source "aws.s3", ' +
  'or a direct input { "bucket": "...", "key": "...", "versionId"?: "...", "etag"?: "..." }';

/**
 * Decodes a key of an S3 event notification: S3 URL-encodes keys form-style, a space as '+'
 * and a literal '+' as '%2B'. Throws URIError on a malformed escape.
 */
export function decodeNotificationKey(rawKey: string): string {
  return decodeURIComponent(rawKey.replace(/\+/g, ' '));
}

/** Sorts an event into its shape and records; InvalidEvent when it is none of the accepted shapes. */
export function parseEvent(event: unknown): ParsedEvent {
  if (!isObject(event)) {
    throw new InvalidEvent(`Unsupported event: expected ${ACCEPTED_SHAPES}; got ${describeValue(event)}`);
  }
  if ('Records' in event) return parseNotification(event['Records']);
  if (event['Event'] === 's3:TestEvent') return { source: 's3-test-event', records: [] };
  if (event['source'] === 'aws.s3' && 'detail-type' in event) {
    return { source: 'eventbridge', records: [parseEventBridge(event)] };
  }
  if ('bucket' in event || 'key' in event) return { source: 'direct', records: [parseDirect(event)] };
  throw new InvalidEvent(`Unsupported event: expected ${ACCEPTED_SHAPES}; got ${describeValue(event)}`);
}

function parseNotification(records: unknown): ParsedEvent {
  if (!Array.isArray(records)) {
    throw new InvalidEvent(`Unsupported event: "Records" must be an array, got ${describeValue(records)}; expected ${ACCEPTED_SHAPES}`);
  }
  // Records from another service (SQS, SNS, DynamoDB...) mean the function is wired to the wrong
  // trigger: reject the whole event rather than report every record invalid.
  if (records.length > 0 && !records.some((record) => isObject(record) && record['eventSource'] === 'aws:s3')) {
    const sources = [
      ...new Set(
        records.map((record) => (isObject(record) ? String(record['eventSource'] ?? record['EventSource']) : describeValue(record))),
      ),
    ];
    throw new InvalidEvent(`Unsupported event: its Records come from ${sources.join(', ')}, not aws:s3; expected ${ACCEPTED_SHAPES}`);
  }
  return { source: 's3-notification', records: records.map(parseNotificationRecord) };
}

function parseNotificationRecord(record: unknown, index: number): ParsedRecord {
  const where = `Records[${index}]`;
  if (!isObject(record)) return invalid(null, null, null, `${where} is ${describeValue(record)}, not an S3 notification record`);
  const s3 = isObject(record['s3']) ? record['s3'] : {};
  const bucket = stringOrNull(isObject(s3['bucket']) ? s3['bucket']['name'] : undefined);
  const object = isObject(s3['object']) ? s3['object'] : {};
  const rawKey = stringOrNull(object['key']);
  const versionId = stringOrNull(object['versionId']);
  if (record['eventSource'] !== 'aws:s3') {
    return invalid(bucket, rawKey, versionId, `${where} has eventSource ${describeValue(record['eventSource'])}, not "aws:s3"`);
  }
  const eventName = record['eventName'];
  if (typeof eventName !== 'string' || eventName === '') {
    return invalid(bucket, rawKey, versionId, `${where} has no eventName${locate(bucket, rawKey)}`);
  }
  if (!eventName.startsWith('ObjectCreated:')) {
    return { kind: 'not-created', bucket, key: decodeOrRaw(rawKey), versionId, reason: `event ${eventName} is not an ObjectCreated event` };
  }
  const missing = [bucket === null ? 's3.bucket.name' : null, rawKey === null ? 's3.object.key' : null].filter((field) => field !== null);
  if (missing.length > 0) {
    return invalid(bucket, rawKey, versionId, `${where} lacks ${missing.join(' and ')}${locate(bucket, rawKey)}`);
  }
  let key: string;
  try {
    key = decodeNotificationKey(rawKey as string);
  } catch {
    return invalid(bucket, rawKey, versionId, `${where} has an s3.object.key that is not valid URL encoding${locate(bucket, rawKey)}`);
  }
  return {
    kind: 'object',
    object: { bucket: bucket as string, key, versionId, etag: stringOrNull(object['eTag']), sequencer: stringOrNull(object['sequencer']) },
  };
}

function parseEventBridge(event: Record<string, unknown>): ParsedRecord {
  const detail = isObject(event['detail']) ? event['detail'] : {};
  const bucket = stringOrNull(isObject(detail['bucket']) ? detail['bucket']['name'] : undefined);
  const object = isObject(detail['object']) ? detail['object'] : {};
  // EventBridge delivers the key as stored, not URL-encoded (unlike S3 event notifications):
  // decoding it would corrupt keys holding '+' or '%'.
  const key = stringOrNull(object['key']);
  const versionId = stringOrNull(object['version-id']);
  const detailType = event['detail-type'];
  if (detailType !== 'Object Created') {
    return {
      kind: 'not-created',
      bucket,
      key,
      versionId,
      reason: `EventBridge event ${describeValue(detailType)} is not "Object Created"`,
    };
  }
  const missing = [bucket === null ? 'detail.bucket.name' : null, key === null ? 'detail.object.key' : null].filter(
    (field) => field !== null,
  );
  if (missing.length > 0) {
    return invalid(bucket, key, versionId, `EventBridge "Object Created" event lacks ${missing.join(' and ')}${locate(bucket, key)}`);
  }
  return {
    kind: 'object',
    object: {
      bucket: bucket as string,
      key: key as string,
      versionId,
      etag: stringOrNull(object['etag']),
      sequencer: stringOrNull(object['sequencer']),
    },
  };
}

function parseDirect(event: Record<string, unknown>): ParsedRecord {
  const { bucket, key, versionId, etag } = event;
  const problems: string[] = [];
  if (!isNonEmptyString(bucket)) problems.push(`bucket must be a non-empty string, got ${describeValue(bucket)}`);
  if (!isNonEmptyString(key)) problems.push(`key must be a non-empty string, got ${describeValue(key)}`);
  if (versionId !== undefined && versionId !== null && !isNonEmptyString(versionId)) {
    problems.push(`versionId must be a non-empty string or null, got ${describeValue(versionId)}`);
  }
  if (etag !== undefined && etag !== null && !isNonEmptyString(etag)) {
    problems.push(`etag must be a non-empty string or null, got ${describeValue(etag)}`);
  }
  const okBucket = isNonEmptyString(bucket) ? bucket : null;
  const okKey = isNonEmptyString(key) ? key : null;
  const okVersionId = isNonEmptyString(versionId) ? versionId : null;
  if (problems.length > 0) {
    return invalid(okBucket, okKey, okVersionId, `Invalid direct input: ${problems.join('; ')}${locate(okBucket, okKey)}`);
  }
  return {
    kind: 'object',
    object: {
      bucket: okBucket as string,
      key: okKey as string,
      versionId: okVersionId,
      etag: isNonEmptyString(etag) ? etag : null,
      sequencer: null,
    },
  };
}

function invalid(bucket: string | null, key: string | null, versionId: string | null, reason: string): ParsedRecord {
  return { kind: 'invalid', bucket, key, versionId, reason };
}

/** ` (bucket "b", key "k")` with whichever is known, so every reason names the object. */
function locate(bucket: string | null, key: string | null): string {
  const parts = [bucket === null ? null : `bucket "${bucket}"`, key === null ? null : `key "${key}"`].filter((part) => part !== null);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function decodeOrRaw(rawKey: string | null): string | null {
  if (rawKey === null) return null;
  try {
    return decodeNotificationKey(rawKey);
  } catch {
    return rawKey;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function stringOrNull(value: unknown): string | null {
  return isNonEmptyString(value) ? value : null;
}

/** A short description of a value for messages: its type, or an object's first keys (never values). */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : JSON.stringify(value.slice(0, 60));
  if (typeof value !== 'object') return typeof value;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  return `an object with keys ${keys
    .slice(0, 8)
    .map((key) => JSON.stringify(key))
    .join(', ')}${keys.length > 8 ? ', ...' : ''}`;
}
