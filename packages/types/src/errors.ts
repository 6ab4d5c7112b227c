/** Where an error happened, so every message can name the object it is about. */
export interface ErrorLocation {
  readonly bucket?: string;
  readonly key?: string;
  readonly versionId?: string | null;
  readonly cause?: unknown;
}

function describe(location: ErrorLocation): string {
  const parts: string[] = [];
  if (location.bucket !== undefined) parts.push(`bucket "${location.bucket}"`);
  if (location.key !== undefined) parts.push(`key "${location.key}"`);
  if (location.versionId) parts.push(`versionId "${location.versionId}"`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * Base class of every error sizegate throws. `name` is stable (it becomes the Step Functions
 * error name), and the message always names the bucket/key when they are known.
 */
export abstract class SizegateError extends Error {
  abstract override readonly name: string;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly versionId: string | null | undefined;

  constructor(message: string, location: ErrorLocation = {}) {
    super(`${message}${describe(location)}`, location.cause === undefined ? undefined : { cause: location.cause });
    this.bucket = location.bucket;
    this.key = location.key;
    this.versionId = location.versionId;
  }
}

/** The handler's input lacks a field or has one of the wrong type. */
export class InvalidInput extends SizegateError {
  override readonly name = 'InvalidInput';
}

/** The event is not an S3 notification, an EventBridge "Object Created" event or a direct input. */
export class InvalidEvent extends SizegateError {
  override readonly name = 'InvalidEvent';
}

/** The object (or the bucket) does not exist: S3 answered 404. */
export class ObjectNotFound extends SizegateError {
  override readonly name = 'ObjectNotFound';
}

/** S3 or KMS answered 403. */
export class AccessDenied extends SizegateError {
  override readonly name = 'AccessDenied';
}

/** The object changed between CheckFileSize and ProcessFile (ETag or size differs). */
export class ObjectChanged extends SizegateError {
  override readonly name = 'ObjectChanged';
}

/**
 * Reading the object's bytes (or HeadObject) failed mid-way for a transient reason: a stalled or
 * reset connection, a timeout; retried by the state machine.
 */
export class ObjectReadFailed extends SizegateError {
  override readonly name = 'ObjectReadFailed';
}

/**
 * Writing the manifest failed for a transient reason (isTransientWriteFailure): S3 throttled the
 * write (503 SlowDown, 429, a throttling error), answered a 5xx, or the request timed out or lost
 * its connection, after the SDK's own retries. Worth another attempt: the state machine retries
 * ProcessFile on it with back-off. The message names the manifest's bucket and key.
 */
export class ManifestWriteThrottled extends SizegateError {
  override readonly name = 'ManifestWriteThrottled';
}

/**
 * Writing the manifest failed for a reason another attempt would not change: a key or request the
 * store refuses (a 4xx other than a missing bucket or a refusal, which are ObjectNotFound and
 * AccessDenied). Never retried. The message names the manifest's bucket and key.
 */
export class ManifestWriteFailed extends SizegateError {
  override readonly name = 'ManifestWriteFailed';
}

/** A required environment variable is missing or invalid; the message names it. */
export class ConfigurationError extends SizegateError {
  override readonly name = 'ConfigurationError';
}

/** At least one record of an event could not start an execution for a transient reason. */
export class StartExecutionFailed extends SizegateError {
  override readonly name = 'StartExecutionFailed';
}
