import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  AccessDenied,
  describeFailure,
  errorName,
  httpStatusOf,
  isTransientReadFailure,
  ObjectNotFound,
  ObjectReadFailed,
  withoutRawResponse,
} from '@sizegate/types';

/** The object HeadObject was sent for. */
export interface HeadLocation {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | null;
}

const NOT_FOUND_NAMES = new Set(['NotFound', 'NoSuchKey', 'NoSuchBucket', 'NoSuchVersion']);
const ACCESS_DENIED_NAMES = new Set(['AccessDenied', 'Forbidden']);
// S3 reports a KMS refusal either as a 403 AccessDenied whose message names kms:Decrypt, or by the
// KMS error's own name, e.g. KMS.AccessDeniedException, whatever the HTTP status.
const KMS_ACCESS_DENIED = /^KMS\.AccessDenied/;

export const ACCESS_DENIED_HINT =
  'S3 answers 403 instead of 404 for a missing key when the caller lacks s3:ListBucket on the bucket; ' +
  'otherwise check s3:GetObject (s3:GetObjectVersion for a versionId) and, for KMS-encrypted objects, ' +
  'kms:Decrypt on the encryption key';

/**
 * HeadObject's errors in sizegate's vocabulary: 404 → ObjectNotFound (HeadBucket then tells a
 * missing bucket from a missing key), 405 for a versionId → ObjectNotFound (that version is a
 * delete marker), 403 or a KMS refusal → AccessDenied, a timeout or a reset, refused or
 * unreachable connection (after the SDK's own retries) → ObjectReadFailed, which the state machine
 * retries; anything else (throttling, 5xx) unchanged.
 */
export async function translateHeadObjectError(s3: S3Client, error: unknown, ref: HeadLocation): Promise<unknown> {
  const name = errorName(error);
  const status = httpStatusOf(error);
  const location = { ...ref, cause: error };
  if (name === 'NoSuchBucket') {
    return new ObjectNotFound('Object not found: the bucket does not exist', location);
  }
  if ((name !== undefined && NOT_FOUND_NAMES.has(name)) || status === 404) {
    return new ObjectNotFound(await whatIsMissing(s3, ref), location);
  }
  // S3 answers a HEAD (or GET) of a delete marker's versionId with 405 MethodNotAllowed. A HEAD
  // response has no body, so the SDK names the error by status alone ('Unknown'): the status decides.
  if ((name === 'MethodNotAllowed' || status === 405) && ref.versionId !== null) {
    return new ObjectNotFound('Object not found: that version is a delete marker (HeadObject answered 405 MethodNotAllowed)', location);
  }
  if (name !== undefined && KMS_ACCESS_DENIED.test(name)) {
    return new AccessDenied(`Access denied by KMS: HeadObject answered ${name}. ${ACCESS_DENIED_HINT}`, location);
  }
  if ((name !== undefined && ACCESS_DENIED_NAMES.has(name)) || status === 403) {
    return new AccessDenied(`Access denied: HeadObject answered 403. ${ACCESS_DENIED_HINT}`, location);
  }
  if (isTransientReadFailure(error)) {
    return new ObjectReadFailed(`HeadObject failed for a transient reason (${describeFailure(error as Error)})`, location);
  }
  return error;
}

/**
 * The message of a HeadObject 404. A HEAD response carries no error body, so the SDK reports a
 * missing bucket and a missing key alike as `NotFound`; HeadBucket (authorized by s3:ListBucket,
 * which check-size needs anyway) tells them apart. When HeadBucket fails for another reason (403,
 * a timeout, a redirect), nothing more is known than the 404 itself.
 */
async function whatIsMissing(s3: S3Client, ref: HeadLocation): Promise<string> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: ref.bucket }));
    return `Object not found: HeadObject answered 404; the bucket exists, the ${ref.versionId === null ? 'key' : 'key or that version'} does not`;
  } catch (caught) {
    // Dropped, not kept: HeadObject's error stays the cause. Its raw response goes at once.
    const error = withoutRawResponse(caught);
    const name = errorName(error);
    if (name === 'NotFound' || name === 'NoSuchBucket' || httpStatusOf(error) === 404) {
      return 'Object not found: the bucket does not exist';
    }
    return 'Object not found: HeadObject answered 404';
  }
}

