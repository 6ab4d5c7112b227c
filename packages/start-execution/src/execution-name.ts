import { createHash, randomUUID } from 'node:crypto';

/** What identifies one upload of an object. */
export interface ExecutionNameInput {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string | null | undefined;
  readonly etag?: string | null | undefined;
  readonly sequencer?: string | null | undefined;
}

/** Step Functions' limit on an execution name. */
export const MAX_EXECUTION_NAME_LENGTH = 80;
/** Longest readable prefix taken from the key's last segment. */
export const MAX_SLUG_LENGTH = 30;
/** Hex characters of the SHA-256 kept in a name: 192 bits, so 30 + '-' + 48 stays within 80. */
export const DIGEST_HEX_LENGTH = 48;

// Versioned so that a future change of the encoding cannot collide with names made by this one.
const NAME_SCHEME = 'sizegate-execution-name-v1';

// What StartExecution rejects in a name: whitespace, brackets, wildcards, the listed special
// characters and control characters (U+0000–U+001F, U+007F–U+009F).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are among those the name must not contain
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

/**
 * The execution name for an object. Deterministic when the upload is identified — by versionId,
 * else ETag (quotes stripped), else the notification's sequencer — so that a re-delivered event
 * (S3 delivers at least once; Lambda retries) meets ExecutionAlreadyExists instead of starting a
 * second execution. With none of the three (only possible for a direct input) the name is unique.
 *
 * Format: `<slug>-<48 hex of SHA-256>`, the slug being the key's last segment reduced to
 * [A-Za-z0-9_.-] and at most 30 characters (just the digest when nothing readable is left).
 */
export function executionNameFor(input: ExecutionNameInput): string {
  const slug = slugOf(input.key);
  const identity = identityOf(input);
  const suffix = identity === null ? randomUUID() : digestOf([input.bucket, input.key, identity.kind, identity.value]);
  return slug === '' ? suffix : `${slug}-${suffix}`;
}

/** An ETag without its surrounding double quotes: S3 notifications omit them, HeadObject keeps them. */
export function normalizeEtag(etag: string): string {
  return etag.replace(/^"+|"+$/g, '');
}

/** Whether Step Functions accepts `name` as an execution name. */
export function isValidExecutionName(name: string): boolean {
  return name.length >= 1 && name.length <= MAX_EXECUTION_NAME_LENGTH && !FORBIDDEN_NAME_CHARACTERS.test(name);
}

function identityOf(input: ExecutionNameInput): { kind: string; value: string } | null {
  if (input.versionId) return { kind: 'versionId', value: input.versionId };
  const etag = input.etag ? normalizeEtag(input.etag) : '';
  if (etag !== '') return { kind: 'etag', value: etag };
  if (input.sequencer) return { kind: 'sequencer', value: input.sequencer };
  return null;
}

/** Length-prefixed fields, so that no two different field lists hash the same bytes. */
function digestOf(fields: readonly string[]): string {
  const hash = createHash('sha256');
  for (const field of [NAME_SCHEME, ...fields]) {
    hash.update(`${Buffer.byteLength(field, 'utf8')}:`);
    hash.update(field, 'utf8');
  }
  return hash.digest('hex').slice(0, DIGEST_HEX_LENGTH);
}

/** The key's last segment with every run of other characters turned into '-', for humans reading the console. */
function slugOf(key: string): string {
  const lastSegment = key.slice(key.lastIndexOf('/') + 1);
  return lastSegment
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^[-.]+|[-.]+$/g, '');
}
