/**
 * Keys and bucket names s3rver can store without leaving its data directory.
 *
 * s3rver maps a key straight onto the file system (`<dir>/<bucket>/<key segments>._S3rver_object`),
 * so a `..` segment would read or write outside the data directory, and a segment longer than the
 * file system allows fails with a 500. Until storage names are hashed, such keys are refused with
 * a 400, which AWS would accept.
 */

/** S3's own limit on a key. */
export const MAX_KEY_BYTES = 1024;
/** Longest file name (255 bytes) minus the longest suffix s3rver appends to a key's last segment. */
export const MAX_SEGMENT_BYTES = 255 - '._S3rver_metadata.json'.length;

export interface PathProblem {
  readonly code: 'InvalidArgument' | 'KeyTooLongError' | 'InvalidBucketName';
  readonly message: string;
  readonly argumentName?: string;
  readonly argumentValue?: string;
}

/** Separators the file system honours: '/' everywhere, '\' on Windows (refused everywhere, to be safe). */
const SEPARATORS = /[/\\]/;

export function checkBucketName(bucket: string): PathProblem | undefined {
  if (bucket === '.' || bucket === '..' || !/^[A-Za-z0-9._-]{1,255}$/.test(bucket)) {
    return { code: 'InvalidBucketName', message: `The specified bucket is not valid: "${bucket}"`, argumentName: 'BucketName', argumentValue: bucket };
  }
  return undefined;
}

/** Why `key` cannot be stored locally, or undefined when it can. */
export function checkKey(key: string, argumentName = 'key', displayKey = key): PathProblem | undefined {
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    return { code: 'KeyTooLongError', message: `Your key is too long (more than ${MAX_KEY_BYTES} bytes): "${displayKey}"`, argumentName, argumentValue: displayKey };
  }
  if (key.includes('\0')) {
    return invalidKey(displayKey, argumentName, 'contains a NUL character, which the local runtime cannot store');
  }
  for (const segment of key.split(SEPARATORS)) {
    if (segment === '..') {
      return invalidKey(displayKey, argumentName, 'has a ".." path segment, which the local runtime cannot store');
    }
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) {
      return invalidKey(displayKey, argumentName, `has a path segment longer than ${MAX_SEGMENT_BYTES} bytes, which the local runtime cannot store`);
    }
  }
  return undefined;
}

function invalidKey(displayKey: string, argumentName: string, why: string): PathProblem {
  return { code: 'InvalidArgument', message: `Object key "${displayKey}" ${why}`, argumentName, argumentValue: displayKey };
}

/**
 * Every reading of a raw (still percent-encoded) path component that a consumer might make: as is,
 * fully decoded, and decoded one segment at a time (what a router does when the whole fails to
 * decode). A component is safe only if all readings are.
 */
export function decodings(raw: string): string[] {
  const readings = new Set([raw, safeDecode(raw), raw.split('/').map(safeDecode).join('/')]);
  return [...readings];
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The first problem of any reading of a raw key, or undefined. */
export function checkRawKey(rawKey: string, argumentName = 'key'): PathProblem | undefined {
  for (const reading of decodings(rawKey)) {
    const problem = checkKey(reading, argumentName, safeDecode(rawKey));
    if (problem) return problem;
  }
  return undefined;
}

export function checkRawBucket(rawBucket: string): PathProblem | undefined {
  for (const reading of decodings(rawBucket)) {
    const problem = checkBucketName(reading);
    if (problem) return problem;
  }
  return undefined;
}

/** s3rver's upload ids are 16 random bytes in hex; anything else would be a path into its data. */
export function isUploadId(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}

export function isPartNumber(value: string): boolean {
  return /^[0-9]{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 10_000;
}
