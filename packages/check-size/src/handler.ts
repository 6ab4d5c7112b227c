import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  AccessDenied,
  describeFailure,
  ENV,
  InvalidInput,
  isTransientReadFailure,
  ObjectNotFound,
  ObjectReadFailed,
  type LoggerLike,
  type SizeCheckResult,
} from '@sizegate/types';
import type { ObjectFallback } from './config.js';

/** Powertools service name of the default logger. */
export const SERVICE_NAME = 'sizegate-check-size';

/**
 * The input of CheckFileSize: an ObjectRef whose bucket and key may be left out when the
 * handler has a fallback object (SIZEGATE_BUCKET / SIZEGATE_KEY on the Lambda entry).
 */
export interface CheckSizeEvent {
  readonly bucket?: string | null;
  readonly key?: string | null;
  readonly versionId?: string | null;
}

export interface CheckSizeDeps {
  /** The S3 client HeadObject is sent with. */
  readonly s3: S3Client;
  /** Default: a Powertools Logger with serviceName 'sizegate-check-size'. */
  readonly logger?: LoggerLike;
  /** Used for whichever of bucket/key the event lacks. */
  readonly fallback?: ObjectFallback;
}

/** `context` is accepted for the Lambda signature; check-size reads nothing from it. */
export type CheckSizeHandler = (event?: CheckSizeEvent | null, context?: unknown) => Promise<SizeCheckResult>;

interface ResolvedRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | null;
}

const NOT_FOUND_NAMES = new Set(['NotFound', 'NoSuchKey', 'NoSuchBucket', 'NoSuchVersion']);
const ACCESS_DENIED_NAMES = new Set(['AccessDenied', 'Forbidden']);
// S3 reports a KMS refusal either as a 403 AccessDenied whose message names kms:Decrypt, or by the
// KMS error's own name, e.g. KMS.AccessDeniedException, whatever the HTTP status.
const KMS_ACCESS_DENIED = /^KMS\.AccessDenied/;

/** Where each field can come from when the event lacks it, for the InvalidInput message. */
const FALLBACK_VARIABLES = {
  bucket: `${ENV.bucket} (or the legacy ${ENV.legacyBucket})`,
  key: `${ENV.key} (or the legacy ${ENV.legacyKey})`,
} as const;

export const ACCESS_DENIED_HINT =
  'S3 answers 403 instead of 404 for a missing key when the caller lacks s3:ListBucket on the bucket; ' +
  'otherwise check s3:GetObject (s3:GetObjectVersion for a versionId) and, for KMS-encrypted objects, ' +
  'kms:Decrypt on the encryption key';

/**
 * Builds the CheckFileSize handler: HeadObject (never GetObject: no bytes are read) on the
 * event's object, answered as a SizeCheckResult with every field present, because the state
 * machine reads them by JSONPath.
 */
export function createHandler(deps: CheckSizeDeps): CheckSizeHandler {
  const { s3, fallback = {} } = deps;
  const logger: LoggerLike = deps.logger ?? new Logger({ serviceName: SERVICE_NAME });

  return async (event) => {
    let ref: ResolvedRef;
    try {
      ref = resolveObjectRef(event, fallback);
    } catch (error) {
      logger.error('Invalid check-size input', { ...locationOf(error), error: (error as Error).message });
      throw error;
    }
    const { bucket, key, versionId } = ref;

    let head: HeadObjectCommandOutput;
    try {
      head = await s3.send(
        new HeadObjectCommand({ Bucket: bucket, Key: key, ...(versionId === null ? {} : { VersionId: versionId }) }),
      );
    } catch (caught) {
      const error = withoutRawResponse(caught);
      const translated = translateS3Error(error, ref);
      logger.error('HeadObject failed', {
        bucket,
        key,
        versionId,
        errorName: errorName(translated),
        sdkErrorName: errorName(error),
        httpStatusCode: httpStatusOf(error),
      });
      throw translated;
    }

    const result: SizeCheckResult = {
      bucket,
      key,
      versionId: head.VersionId ?? versionId,
      size: sizeOf(head.ContentLength),
      etag: head.ETag ?? null,
      contentType: head.ContentType ?? null,
      lastModified: isoOrNull(head.LastModified),
    };
    if (result.size === null) {
      logger.warn('HeadObject returned no Content-Length; the workflow will end in DefaultState', {
        bucket,
        key,
        versionId: result.versionId,
      });
    }
    logger.info('Object sized', { bucket, key, versionId: result.versionId, size: result.size });
    return result;
  };
}

/** The event's bucket/key (or the fallback's), checked; every problem is reported at once. */
function resolveObjectRef(event: unknown, fallback: ObjectFallback): ResolvedRef {
  if (event !== undefined && event !== null && (typeof event !== 'object' || Array.isArray(event))) {
    throw new InvalidInput(
      `Invalid check-size input: the event must be an object like { "bucket": "...", "key": "..." }, got ${typeOf(event)}`,
    );
  }
  const input = (event ?? {}) as Record<string, unknown>;
  // null counts as absent: a state machine may pass "bucket": null explicitly.
  const bucket = input['bucket'] ?? fallback.bucket;
  const key = input['key'] ?? fallback.key;
  const versionId = input['versionId'] ?? null;

  const missing: Array<keyof typeof FALLBACK_VARIABLES> = [];
  const wrong: string[] = [];
  for (const [field, value] of [['bucket', bucket], ['key', key]] as const) {
    if (value === undefined) missing.push(field);
    else if (!isNonEmptyString(value)) wrong.push(`${field} must be a non-empty string, got ${typeOf(value)}`);
  }
  if (versionId !== null && !isNonEmptyString(versionId)) {
    wrong.push(`versionId must be a non-empty string or null, got ${typeOf(versionId)}`);
  }

  const problems: string[] = [];
  if (missing.length > 0) {
    problems.push(
      `missing ${missing.join(' and ')}: put ${missing.length > 1 ? 'them' : 'it'} in the event or set ` +
        missing.map((field) => FALLBACK_VARIABLES[field]).join(' and '),
    );
  }
  problems.push(...wrong);
  if (problems.length > 0) {
    throw new InvalidInput(`Invalid check-size input: ${problems.join('; ')}`, {
      bucket: isNonEmptyString(bucket) ? bucket : undefined,
      key: isNonEmptyString(key) ? key : undefined,
    });
  }
  return { bucket: bucket as string, key: key as string, versionId: versionId as string | null };
}

/**
 * 404 → ObjectNotFound, 403 or a KMS refusal → AccessDenied, a timeout or a reset, refused or
 * unreachable connection (after the SDK's own retries) → ObjectReadFailed, which the state machine
 * retries; anything else (throttling, 5xx) unchanged.
 */
function translateS3Error(error: unknown, ref: ResolvedRef): unknown {
  const name = errorName(error);
  const status = httpStatusOf(error);
  const location = { ...ref, cause: error };
  if (name === 'NoSuchBucket') {
    return new ObjectNotFound('Object not found: the bucket does not exist', location);
  }
  if ((name !== undefined && NOT_FOUND_NAMES.has(name)) || status === 404) {
    return new ObjectNotFound('Object not found: HeadObject answered 404', location);
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

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
  return typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

/** Where an InvalidInput was about, for its log line. */
function locationOf(error: unknown): { bucket?: string; key?: string } {
  if (error instanceof InvalidInput) return { bucket: error.bucket, key: error.key };
  return {};
}

function sizeOf(contentLength: number | undefined): number | null {
  return typeof contentLength === 'number' ? contentLength : null;
}

function isoOrNull(date: Date | undefined): string | null {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === '') return 'an empty string';
  return typeof value;
}

/**
 * An SDK service error keeps the raw HTTP response in a read-only `$response` whose body (the
 * socket's IncomingMessage) still references the signed request: its Authorization header (the
 * access key id) and X-Amz-Security-Token (the session token). The body is dropped before the
 * error leaves the handler, so no inspection of the error, or of an error it caused, reaches them.
 */
export function withoutRawResponse<T>(error: T): T {
  if (typeof error !== 'object' || error === null) return error;
  const response: unknown = (error as { $response?: unknown }).$response;
  if (typeof response === 'object' && response !== null && 'body' in response) {
    try {
      (response as { body?: unknown }).body = undefined;
    } catch {
      // A frozen response: nothing can be dropped, and the original error matters more.
    }
  }
  return error;
}
