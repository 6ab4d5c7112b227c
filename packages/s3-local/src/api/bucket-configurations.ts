import { randomBytes } from 'node:crypto';
import { invalidArgument, malformedXml, S3Error } from '../s3-error.js';
import { readXmlBody } from './buckets.js';
import { bucketOf, sendEmpty, type S3Context } from './context.js';
import { S3_NAMESPACE, xmlElements, xmlText } from './xml.js';

/** S3's limits on lifecycle rules. */
const MAX_RULES = 1000;
const MAX_RULE_ID_LENGTH = 255;

/**
 * PutBucketLifecycleConfiguration (and the older PutBucketLifecycle): the rules are checked as S3
 * checks them (Status Enabled or Disabled, IDs unique and at most 255 characters, dates at
 * midnight UTC, days positive), a rule without an ID gets one, and the document is kept. Rules are
 * kept and returned, never run: nothing expires or changes storage class locally.
 */
export async function putBucketLifecycle(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const xml = await readXmlBody(ctx);
  if (!/<LifecycleConfiguration[\s>]/.test(xml)) throw malformedXml();
  const rules = xmlElements(xml, 'Rule');
  if (rules.length === 0 || rules.length > MAX_RULES) throw malformedXml();
  const ids = new Set<string>();
  let document = xml;
  for (const rule of rules) {
    const status = xmlText(rule, 'Status');
    if (status !== 'Enabled' && status !== 'Disabled') throw malformedXml();
    let id = xmlText(rule, 'ID');
    if (id === undefined) {
      id = randomBytes(24).toString('base64url');
      document = document.replace(`<Rule>${rule}</Rule>`, `<Rule><ID>${id}</ID>${rule}</Rule>`);
    }
    if (id.length > MAX_RULE_ID_LENGTH) throw invalidArgument('ID length should not exceed allowed limit of 255', 'ID', id.slice(0, 64));
    if (ids.has(id)) throw invalidArgument('Rule ID must be unique. Found same ID for more than one rule', 'ID', id);
    ids.add(id);
    for (const date of xmlElements(rule, 'Date')) {
      if (!/^\d{4}-\d{2}-\d{2}T00:00:00(\.0+)?Z$/.test(date.trim())) throw invalidArgument("'Date' must be at midnight GMT", 'Date', date);
    }
    for (const days of [
      ...xmlElements(rule, 'Days'),
      ...xmlElements(rule, 'NoncurrentDays'),
      ...xmlElements(rule, 'DaysAfterInitiation'),
    ]) {
      if (!/^\d+$/.test(days.trim()) || (Number(days) === 0 && !/<DaysAfterInitiation>/.test(rule)))
        throw invalidArgument("'Days' for Expiration action must be a positive integer", 'Days', days);
    }
  }
  await ctx.store.setConfiguration(bucket, 'lifecycle', document);
  sendEmpty(ctx, 200);
}

export function getBucketLifecycle(ctx: S3Context): void {
  const document = bucketOf(ctx).configurations['lifecycle'];
  if (document === undefined)
    throw new S3Error('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404, { BucketName: ctx.target.bucket });
  sendDocument(ctx, document);
}

export async function deleteBucketLifecycle(ctx: S3Context): Promise<void> {
  await ctx.store.setConfiguration(bucketOf(ctx), 'lifecycle', undefined);
  sendEmpty(ctx, 204);
}

/**
 * PutBucketNotificationConfiguration: kept and returned as given (S3 checks the destinations
 * exist; locally there are none to check). Deliveries are the service's onObjectCreated listeners.
 */
export async function putBucketNotification(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const xml = await readXmlBody(ctx);
  if (!/<NotificationConfiguration[\s>/]/.test(xml)) throw malformedXml();
  await ctx.store.setConfiguration(bucket, 'notification', xml);
  sendEmpty(ctx, 200);
}

/** GetBucketNotificationConfiguration: what was put, or an empty configuration. */
export function getBucketNotification(ctx: S3Context): void {
  const document =
    bucketOf(ctx).configurations['notification'] ??
    `<?xml version="1.0" encoding="UTF-8"?>\n<NotificationConfiguration xmlns="${S3_NAMESPACE}"/>`;
  sendDocument(ctx, document);
}

function sendDocument(ctx: S3Context, document: string): void {
  ctx.res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(document) });
  ctx.res.end(document);
}
