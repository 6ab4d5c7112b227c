/**
 * Names checked before the store uses them. Keys never become paths (the store hashes them), so a
 * key only has S3's own limit; bucket names do become a directory, so they follow S3's naming
 * rules, which leave no room for separators or `..`.
 */

/** S3's own limit on a key. */
export const MAX_KEY_BYTES = 1024;

export interface PathProblem {
  readonly code: 'KeyTooLongError' | 'InvalidBucketName';
  readonly message: string;
  readonly argumentName?: string;
  readonly argumentValue?: string;
}

/**
 * S3's rules for new bucket names: 3 to 63 characters; lower-case letters, digits, dots and
 * hyphens; starting and ending with a letter or digit; no two adjacent dots; not an IP address.
 */
export function checkBucketName(bucket: string): PathProblem | undefined {
  const valid =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) &&
    !bucket.includes('..') &&
    !/^\d{1,3}(\.\d{1,3}){3}$/.test(bucket) &&
    !/\.-|-\./.test(bucket);
  if (valid) return undefined;
  return { code: 'InvalidBucketName', message: 'The specified bucket is not valid.', argumentName: 'BucketName', argumentValue: bucket };
}

/**
 * What a request may name as a bucket: S3's rules, plus the legacy names (upper case,
 * underscores, up to 255 characters) S3 still serves. Never a separator or `.`/`..`, so even a
 * legacy name is one safe directory name; only existing buckets are looked up with it.
 */
export function checkRequestBucket(bucket: string): PathProblem | undefined {
  if (bucket !== '.' && bucket !== '..' && /^[A-Za-z0-9._-]{1,255}$/.test(bucket)) return undefined;
  return { code: 'InvalidBucketName', message: 'The specified bucket is not valid.', argumentName: 'BucketName', argumentValue: bucket };
}

/** KeyTooLongError for keys over 1,024 bytes of UTF-8; any other key is legal, as on S3. */
export function checkKey(key: string, argumentName = 'key'): PathProblem | undefined {
  if (Buffer.byteLength(key, 'utf8') <= MAX_KEY_BYTES) return undefined;
  return {
    code: 'KeyTooLongError',
    message: `Your key is too long (more than ${MAX_KEY_BYTES} bytes)`,
    argumentName,
    argumentValue: key.slice(0, 64),
  };
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The runtime's upload ids are 16 random bytes in hex. */
export function isUploadId(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}

export function isPartNumber(value: string): boolean {
  return /^[0-9]{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 10_000;
}
