import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  AccessDenied,
  describeFailure,
  errorName,
  httpStatusOf,
  isDeleteMarkerVersion,
  isKmsAccessDenied,
  isS3AccessDenied,
  isS3NotFound,
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
  const location = { ...ref, cause: error };
  if (errorName(error) === 'NoSuchBucket') {
    return new ObjectNotFound('Object not found: the bucket does not exist', location);
  }
  if (isS3NotFound(error)) {
    return new ObjectNotFound(await whatIsMissing(s3, ref), location);
  }
  if (isDeleteMarkerVersion(error, ref.versionId)) {
    return new ObjectNotFound('Object not found: that version is a delete marker (HeadObject answered 405 MethodNotAllowed)', location);
  }
  if (isKmsAccessDenied(error)) {
    return new AccessDenied(`Access denied by KMS: HeadObject answered ${errorName(error)}. ${ACCESS_DENIED_HINT}`, location);
  }
  if (isS3AccessDenied(error)) {
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
