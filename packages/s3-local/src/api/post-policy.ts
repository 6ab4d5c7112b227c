/**
 * The policy of a browser form upload (POST Object): a base64 JSON document with an `expiration`
 * and `conditions` every form field must meet, signed with an access key's secret (SigV2: base64
 * HMAC-SHA1 of the policy; SigV4: hex HMAC-SHA256 with the signing key of x-amz-credential).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Owner } from '../acl/model.js';
import type { AccessKeyStore } from '../auth/access-keys.js';
import { deriveSigningKey, hmac } from '@sizegate/types/sigv4';
import { S3Error } from '../s3-error.js';

export interface PostPolicy {
  readonly conditions: readonly Condition[];
  /** content-length-range, when the policy has one. */
  readonly sizeRange: { readonly min: number; readonly max: number } | undefined;
}

type Condition = { readonly kind: 'eq' | 'starts-with'; readonly field: string; readonly value: string; readonly text: string };

/** Fields that need no condition: the signature's own, the file, and x-ignore-* (as S3 lists them), and checksums. */
const UNCONDITIONED = new Set(['awsaccesskeyid', 'signature', 'x-amz-signature', 'file', 'policy']);

const invalidPolicy = (message: string) => new S3Error('InvalidPolicyDocument', `Invalid Policy: ${message}`, 400);
const deniedByPolicy = (message: string) => new S3Error('AccessDenied', `Invalid according to Policy: ${message}`, 403);

/** Reads and checks a policy document: its form, its expiration (403 once past `now`), its conditions. */
export function readPostPolicy(policyBase64: string, now: Date): PostPolicy {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(policyBase64, 'base64').toString('utf8'));
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw invalidPolicy('Invalid JSON.');
  const { expiration, conditions } = document as Record<string, unknown>;
  if (typeof expiration !== 'string') throw invalidPolicy('Policy missing expiration.');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(expiration) || Number.isNaN(Date.parse(expiration)))
    throw invalidPolicy(`Invalid 'expiration' value: '${expiration}'`);
  if (!Array.isArray(conditions)) throw invalidPolicy('Policy missing conditions.');
  if (Date.parse(expiration) < now.getTime()) throw deniedByPolicy('Policy expired.');
  const parsed: Condition[] = [];
  let sizeRange: PostPolicy['sizeRange'];
  for (const condition of conditions as unknown[]) {
    const text = JSON.stringify(condition);
    if (Array.isArray(condition)) {
      const [operator, ...args] = condition as unknown[];
      const name = String(operator).toLowerCase();
      if (name === 'content-length-range') {
        const [min, max] = args;
        if (args.length !== 2 || !isSize(min) || !isSize(max) || min > max)
          throw invalidPolicy(`Invalid content-length-range condition: ${text}`);
        sizeRange = { min, max };
        continue;
      }
      if (
        (name !== 'eq' && name !== 'starts-with') ||
        args.length !== 2 ||
        typeof args[0] !== 'string' ||
        !args[0].startsWith('$') ||
        typeof args[1] !== 'string'
      ) {
        throw invalidPolicy(`Invalid condition: ${text}`);
      }
      parsed.push({ kind: name, field: args[0].slice(1).toLowerCase(), value: args[1], text });
      continue;
    }
    if (typeof condition !== 'object' || condition === null) throw invalidPolicy(`Invalid condition: ${text}`);
    const [entry, ...more] = Object.entries(condition);
    const [field, value] = entry ?? [];
    if (field === undefined || typeof value !== 'string' || more.length > 0) throw invalidPolicy(`Invalid condition: ${text}`);
    parsed.push({ kind: 'eq', field: field.toLowerCase(), value, text });
  }
  return { conditions: parsed, sizeRange };
}

/**
 * Every condition holds for the form (`bucket` is the bucket posted to), and every form field but
 * the unconditioned ones has a condition; otherwise 403 AccessDenied naming what failed, as S3.
 */
export function checkPostConditions(policy: PostPolicy, fields: ReadonlyMap<string, string>, bucket: string): void {
  const values = new Map(fields);
  values.set('bucket', bucket);
  for (const condition of policy.conditions) {
    const value = values.get(condition.field);
    const holds = value !== undefined && (condition.kind === 'eq' ? value === condition.value : value.startsWith(condition.value));
    if (!holds) throw deniedByPolicy(`Policy Condition failed: ${condition.text}`);
  }
  const conditioned = new Set(policy.conditions.map((condition) => condition.field));
  const extra = [...fields.keys()].filter(
    (name) => !UNCONDITIONED.has(name) && !name.startsWith('x-ignore-') && !name.startsWith('x-amz-checksum-') && !conditioned.has(name),
  );
  if (extra.length > 0) throw deniedByPolicy(`Extra input fields: ${extra.join(', ')}`);
}

/** The size limits of content-length-range, checked once the file is received. */
export function checkPostSize(policy: PostPolicy, size: number): void {
  if (policy.sizeRange === undefined) return;
  if (size > policy.sizeRange.max)
    throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, {
      ProposedSize: String(size),
      MaxSizeAllowed: String(policy.sizeRange.max),
    });
  if (size < policy.sizeRange.min)
    throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
      ProposedSize: String(size),
      MinSizeAllowed: String(policy.sizeRange.min),
    });
}

/**
 * Who signed the policy: the owner of the access key whose secret makes its signature (SigV2
 * `AWSAccessKeyId`/`signature`, or SigV4 `x-amz-credential`/`x-amz-signature`). Without `keys`
 * (signatures not checked) the signature fields must be there, and their values are not checked.
 */
export function postPolicySigner(
  fields: ReadonlyMap<string, string>,
  policyBase64: string,
  keys: AccessKeyStore | undefined,
): Owner | undefined {
  const credential = fields.get('x-amz-credential');
  if (keys === undefined) {
    if (credential !== undefined) required(fields, 'x-amz-signature');
    else [required(fields, 'awsaccesskeyid'), required(fields, 'signature')];
    return undefined;
  }
  if (credential !== undefined) {
    const signature = required(fields, 'x-amz-signature');
    const [accessKeyId = '', date = '', region = '', service = ''] = credential.split('/');
    const { secret, owner } = knownKey(keys, accessKeyId);
    if (!same(hmac(deriveSigningKey(secret, date, region, service), policyBase64).toString('hex'), signature))
      throw signatureMismatch(accessKeyId);
    return owner;
  }
  const accessKeyId = required(fields, 'awsaccesskeyid');
  const signature = required(fields, 'signature');
  const { secret, owner } = knownKey(keys, accessKeyId);
  if (!same(createHmac('sha1', secret).update(policyBase64, 'utf8').digest('base64'), signature)) throw signatureMismatch(accessKeyId);
  return owner;
}

function required(fields: ReadonlyMap<string, string>, name: string): string {
  const value = fields.get(name);
  if (value === undefined || value === '') {
    throw new S3Error(
      'InvalidArgument',
      `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
      400,
      { ArgumentName: name, ArgumentValue: '' },
    );
  }
  return value;
}

/** The secret and owner of a configured access key; 403 InvalidAccessKeyId for any other. */
function knownKey(keys: AccessKeyStore, accessKeyId: string): { readonly secret: string; readonly owner: Owner } {
  const key = keys.find(accessKeyId);
  if (key === undefined)
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, {
      AWSAccessKeyId: accessKeyId,
    });
  return key;
}

function signatureMismatch(accessKeyId: string): S3Error {
  return new S3Error(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    403,
    { AWSAccessKeyId: accessKeyId },
  );
}

function same(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
