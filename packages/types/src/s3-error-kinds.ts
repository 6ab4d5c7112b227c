// What kind of refusal an S3 error is, by its name or, where S3 sends no body (HEAD), its status.
// check-size (HeadObject) and process-file (GetObject, PutObject) translate with these.
import { errorName, httpStatusOf } from './sdk-errors.js';

const NOT_FOUND_NAMES: ReadonlySet<string> = new Set(['NotFound', 'NoSuchKey', 'NoSuchBucket', 'NoSuchVersion']);
const ACCESS_DENIED_NAMES: ReadonlySet<string> = new Set(['AccessDenied', 'Forbidden']);
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

/**
 * A GET or HEAD of a versionId that is a delete marker: S3 answers 405 MethodNotAllowed (with
 * x-amz-delete-marker: true; a HEAD has no body, so the SDK names it by status alone). Only a
 * request by versionId gets it; the latest version being a delete marker is a plain 404.
 */
export function isDeleteMarkerVersion(error: unknown, versionId: string | null | undefined): boolean {
  return (errorName(error) === 'MethodNotAllowed' || httpStatusOf(error) === 405) && typeof versionId === 'string';
}
