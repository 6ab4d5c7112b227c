import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { ENV, errorName, httpStatusOf, InvalidInput, type LoggerLike, type SizeCheckResult, withoutRawResponse } from '@sizegate/types';
import type { ObjectFallback } from './config.js';
import { translateHeadObjectError, type HeadLocation } from './s3-errors.js';

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

/** Where each field can come from when the event lacks it, for the InvalidInput message. */
const FALLBACK_VARIABLES = {
  bucket: `${ENV.bucket} (or the legacy ${ENV.legacyBucket})`,
  key: `${ENV.key} (or the legacy ${ENV.legacyKey})`,
} as const;

/**
 * Builds the CheckFileSize handler: HeadObject (never GetObject: no bytes are read) on the
 * event's object, answered as a SizeCheckResult with every field present, because the state
 * machine reads them by JSONPath.
 */
export function createHandler(deps: CheckSizeDeps): CheckSizeHandler {
  const { s3, fallback = {} } = deps;
  const logger: LoggerLike = deps.logger ?? new Logger({ serviceName: SERVICE_NAME });

  return async (event) => {
    let ref: HeadLocation;
    try {
      ref = resolveObjectRef(event, fallback);
    } catch (error) {
      logger.error('Invalid check-size input', { ...locationOf(error), error: (error as Error).message });
      throw error;
    }
    const { bucket, key, versionId } = ref;

    let head: HeadObjectCommandOutput;
    try {
      head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ...(versionId === null ? {} : { VersionId: versionId }) }));
    } catch (caught) {
      const error = withoutRawResponse(caught);
      const translated = await translateHeadObjectError(s3, error, ref);
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
function resolveObjectRef(event: unknown, fallback: ObjectFallback): HeadLocation {
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
  for (const [field, value] of [
    ['bucket', bucket],
    ['key', key],
  ] as const) {
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
