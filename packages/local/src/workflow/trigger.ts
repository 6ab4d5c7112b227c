import { randomUUID } from 'node:crypto';
import { decodeNotificationKey, type ObjectCreatedEventName, type S3EventRecord, type S3NotificationEvent } from '@sizegate/s3-local';
import type { KeyFilter, LocalWorkflowConfig } from './config.js';

/** The key as stored: notification records carry it form-encoded ('+' for a space). */
export function storedKeyOf(record: S3EventRecord): string {
  return decodeNotificationKey(record.s3.object.key);
}

/** Whether a key passes the filter; an empty filter passes every key. */
export function matchesKeyFilter(filter: KeyFilter, key: string): boolean {
  if (filter.prefix !== undefined && !key.startsWith(filter.prefix)) return false;
  if (filter.suffix !== undefined && !key.endsWith(filter.suffix)) return false;
  if (filter.wildcard !== undefined && !wildcardPattern(filter.wildcard).test(key)) return false;
  return true;
}

/** EventBridge wildcard: `*` is any run of characters, `\*` a literal star; the whole key must match. */
function wildcardPattern(wildcard: string): RegExp {
  let pattern = '';
  for (let index = 0; index < wildcard.length; index++) {
    const char = wildcard.charAt(index);
    if (char === '\\' && wildcard[index + 1] === '*') {
      pattern += '\\*';
      index++;
    } else if (char === '*') pattern += '.*';
    else pattern += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`, 's');
}

/** Whether an S3 event type of a notification configuration (`s3:ObjectCreated:*`, ...) covers the event. */
export function matchesEventType(events: readonly string[], eventName: ObjectCreatedEventName): boolean {
  const full = `s3:${eventName}`;
  return events.some((event) => (event.endsWith('*') ? full.startsWith(event.slice(0, -1)) : event === full));
}

/** Whether an object-created record would trigger the workflow: the incoming bucket, the event types, the key filter. */
export function triggers(config: LocalWorkflowConfig, record: S3EventRecord): boolean {
  if (record.s3.bucket.name !== config.bucket) return false;
  if (config.trigger === 's3-notification' && !matchesEventType(config.events, record.eventName)) return false;
  return matchesKeyFilter(config.keyFilter, storedKeyOf(record));
}

/** S3's `reason` in EventBridge events for each way an object gets created. */
const EVENTBRIDGE_REASONS: Readonly<Record<ObjectCreatedEventName, string>> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'POST Object',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
};

/** The "Object Created" event S3 sends to EventBridge, as a rule's Lambda target receives it (key not encoded). */
export function toEventBridgeEvent(record: S3EventRecord, accountId: string) {
  const object = record.s3.object;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: accountId,
    time: record.eventTime.replace(/\.\d{3}Z$/, 'Z'),
    region: record.awsRegion,
    resources: [record.s3.bucket.arn],
    detail: {
      version: '0',
      bucket: { name: record.s3.bucket.name },
      object: {
        key: storedKeyOf(record),
        size: object.size,
        etag: object.eTag,
        ...(object.versionId === undefined ? {} : { 'version-id': object.versionId }),
        sequencer: object.sequencer,
      },
      'request-id': record.responseElements['x-amz-request-id'],
      requester: accountId,
      'source-ip-address': record.requestParameters.sourceIPAddress,
      reason: EVENTBRIDGE_REASONS[record.eventName],
    },
  };
}

/** What the trigger's function receives for a notification: as is, or in EventBridge's shape. */
export function triggerEvent(config: LocalWorkflowConfig, event: S3NotificationEvent, accountId: string): unknown {
  if (config.trigger === 's3-notification') return event;
  const [record] = event.Records;
  return record === undefined ? event : toEventBridgeEvent(record, accountId);
}
