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
  isTransientWriteFailure,
  ManifestWriteFailed,
  ManifestWriteThrottled,
  ObjectChanged,
  ObjectNotFound,
  ObjectReadFailed,
  withoutRawResponse,
} from '@sizegate/types';

export const GET_ACCESS_DENIED_HINT =
  'check s3:GetObject (s3:GetObjectVersion for a versionId) on the object and, for KMS-encrypted objects, ' +
  'kms:Decrypt on the encryption key';

export const PUT_ACCESS_DENIED_HINT =
  'check s3:PutObject on the manifest location and, when the output bucket encrypts with SSE-KMS, ' + 'kms:GenerateDataKey on its key';

interface Location {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string | null;
}

/**
 * GetObject's errors in sizegate's vocabulary: 412 (the If-Match ETag no longer matches) →
 * ObjectChanged, 404 (or 405 for a versionId that is a delete marker) → ObjectNotFound, 403 or a
 * KMS refusal → AccessDenied, a timeout or a reset,
 * refused or unreachable connection (after the SDK's own retries) → ObjectReadFailed, which the
 * state machine retries. Anything else (throttling, 5xx) is returned unchanged.
 */
export function translateGetObjectError(error: unknown, location: Location): unknown {
  withoutRawResponse(error);
  const name = errorName(error);
  const status = httpStatusOf(error);
  const at = { ...location, cause: error };
  if (name === 'PreconditionFailed' || status === 412) {
    return new ObjectChanged('Object changed since it was sized: GetObject If-Match answered 412', at);
  }
  if (name === 'NoSuchBucket') return new ObjectNotFound('Object not found: the bucket does not exist', at);
  if (name === 'NoSuchVersion') return new ObjectNotFound('Object not found: the sized version does not exist', at);
  if (isDeleteMarkerVersion(error, location.versionId)) {
    return new ObjectNotFound('Object not found: that version is a delete marker (GetObject answered 405 MethodNotAllowed)', at);
  }
  if (isS3NotFound(error)) {
    return new ObjectNotFound('Object not found: GetObject answered 404', at);
  }
  if (isKmsAccessDenied(error)) {
    return new AccessDenied(`Access denied by KMS: GetObject answered ${name}; ${GET_ACCESS_DENIED_HINT}`, at);
  }
  if (isS3AccessDenied(error)) {
    return new AccessDenied(`Access denied: GetObject answered 403; ${GET_ACCESS_DENIED_HINT}`, at);
  }
  if (isTransientReadFailure(error)) {
    return new ObjectReadFailed(`Reading the object failed: the GetObject request failed (${describeFailure(error as Error)})`, at);
  }
  return error;
}

/**
 * An error of the GetObject body itself (the stream, never the code consuming it): a stalled
 * socket's TimeoutError or a dropped connection's "aborted" → ObjectReadFailed, saying how far
 * the read got. Anything else is returned unchanged.
 */
export function translateBodyError(error: unknown, location: Location, bytesRead: number, size: number): unknown {
  withoutRawResponse(error);
  if (!isTransientReadFailure(error)) return error;
  return new ObjectReadFailed(
    `Reading the object failed mid-way: the GetObject body failed after ${bytesRead} of ${size} bytes (${describeFailure(error as Error)})`,
    { ...location, cause: error },
  );
}

/**
 * PutObject (the manifest) errors: a missing output bucket → ObjectNotFound, 403 or a KMS refusal →
 * AccessDenied, throttling, a 5xx, a timeout or a lost connection (isTransientWriteFailure, after
 * the SDK's own retries) → ManifestWriteThrottled, which the state machine retries; anything else
 * (a key the store refuses, another 4xx) → ManifestWriteFailed, which fails the execution at once.
 * Each names the manifest's bucket and key, the SDK error as the cause.
 */
export function translatePutObjectError(error: unknown, location: Location): unknown {
  withoutRawResponse(error);
  const name = errorName(error);
  const status = httpStatusOf(error);
  const at = { ...location, cause: error };
  if (name === 'NoSuchBucket' || status === 404) {
    return new ObjectNotFound('Cannot write the manifest: the output bucket does not exist', at);
  }
  if (isKmsAccessDenied(error)) {
    return new AccessDenied(`Access denied by KMS writing the manifest: PutObject answered ${name}; ${PUT_ACCESS_DENIED_HINT}`, at);
  }
  if (isS3AccessDenied(error)) {
    return new AccessDenied(`Access denied writing the manifest: PutObject answered 403; ${PUT_ACCESS_DENIED_HINT}`, at);
  }
  const answered = error instanceof Error ? describeFailure(error) : String(error);
  const failed = `PutObject failed${status === undefined ? '' : ` with HTTP ${status}`} (${answered})`;
  if (isTransientWriteFailure(error)) return new ManifestWriteThrottled(`Cannot write the manifest for now: ${failed}`, at);
  return new ManifestWriteFailed(`Cannot write the manifest: ${failed}`, at);
}

/** An ETag without its quotes (and weak marker), so `"abc"` and `abc` compare equal. */
export function normalizeEtag(etag: string): string {
  let value = etag.trim();
  if (value.startsWith('W/')) value = value.slice(2);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return value;
}

/** The quoted form HTTP's If-Match expects. */
export function quoteEtag(etag: string): string {
  return `"${normalizeEtag(etag)}"`;
}
