// What kind of refusal an S3 error is, by its name or, where S3 sends no body (HEAD), its status.
// check-size (HeadObject) and process-file (GetObject, PutObject) translate with these; the
// throttling and server-error kinds make up isTransientWriteFailure (read-failures.ts).
import { errorName, httpStatusOf } from './sdk-errors.js';

const NOT_FOUND_NAMES: ReadonlySet<string> = new Set(['NotFound', 'NoSuchKey', 'NoSuchBucket', 'NoSuchVersion']);
const ACCESS_DENIED_NAMES: ReadonlySet<string> = new Set(['AccessDenied', 'Forbidden']);
// The throttling error names the SDK itself retries as throttling (THROTTLING_ERROR_CODES of
// @smithy/core's retry): S3's SlowDown (503) among them, and those of the services S3-compatible
// stores and proxies borrow.
const THROTTLING_NAMES: ReadonlySet<string> = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
// The statuses the SDK retries as transient server errors (TRANSIENT_ERROR_STATUS_CODES): 501 Not
// Implemented and 505 are answers another attempt would not change.
const TRANSIENT_SERVER_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);
// S3's names for them, for an error that carries its name but no status.
const SERVER_ERROR_NAMES: ReadonlySet<string> = new Set(['InternalError', 'ServiceUnavailable']);
// S3 reports a KMS refusal either as a 403 AccessDenied whose message names the KMS action, or by
// the KMS error's own name, e.g. KMS.AccessDeniedException, whatever the HTTP status.
const KMS_ACCESS_DENIED = /^KMS\.AccessDenied/;

/** A 404, or one of the names S3 gives a missing bucket, key or version. */
export function isS3NotFound(error: unknown): boolean {
  const name = errorName(error);
  return (name !== undefined && NOT_FOUND_NAMES.has(name)) || httpStatusOf(error) === 404;
}

/** A refusal by KMS (the KMS error's own name), whatever the HTTP status. */
export function isKmsAccessDenied(error: unknown): boolean {
  const name = errorName(error);
  return name !== undefined && KMS_ACCESS_DENIED.test(name);
}

/** A 403, or S3's AccessDenied / Forbidden. */
export function isS3AccessDenied(error: unknown): boolean {
  const name = errorName(error);
  return (name !== undefined && ACCESS_DENIED_NAMES.has(name)) || httpStatusOf(error) === 403;
}

/** S3 (or the SDK) asking to slow down: a throttling error name (S3's 503 SlowDown among them) or HTTP 429. */
export function isThrottling(error: unknown): boolean {
  const name = errorName(error);
  return (name !== undefined && THROTTLING_NAMES.has(name)) || httpStatusOf(error) === 429;
}

/** A server error another attempt may not meet: HTTP 500, 502, 503 or 504, or S3's InternalError / ServiceUnavailable. */
export function isS3ServerError(error: unknown): boolean {
  const name = errorName(error);
  const status = httpStatusOf(error);
  return (name !== undefined && SERVER_ERROR_NAMES.has(name)) || (status !== undefined && TRANSIENT_SERVER_STATUSES.has(status));
}

/**
 * A GET or HEAD of a versionId that is a delete marker: S3 answers 405 MethodNotAllowed (with
 * x-amz-delete-marker: true; a HEAD has no body, so the SDK names it by status alone). Only a
 * request by versionId gets it; the latest version being a delete marker is a plain 404.
 */
export function isDeleteMarkerVersion(error: unknown, versionId: string | null | undefined): boolean {
  return (errorName(error) === 'MethodNotAllowed' || httpStatusOf(error) === 405) && typeof versionId === 'string';
}
