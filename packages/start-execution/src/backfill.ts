import { ListObjectsV2Command, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  ConfigurationError,
  checkOutputPrefix,
  DEFAULT_OUTPUT_PREFIX,
  errorMessage,
  errorName,
  isOwnOutput,
  type LoggerLike,
  MANIFEST_SUFFIX,
  ownOutputReason,
  StartExecutionFailed,
} from '@sizegate/types';
import { mapWithConcurrency } from './concurrency.js';
import { executionNameFor } from './execution-name.js';
import { DEFAULT_CONCURRENCY, SERVICE_NAME } from './handler.js';

/** Keys asked for per ListObjectsV2 / ListObjectVersions page (S3's maximum). */
const DEFAULT_PAGE_SIZE = 1000;
/** Pages read before giving up: bounds a listing whose continuation never ends (10 million keys at 1,000 a page). */
const MAX_PAGES = 10_000;

export interface BackfillOptions {
  readonly s3: S3Client;
  readonly sfn: SFNClient;
  /** The incoming bucket. */
  readonly bucket: string;
  /** Only keys under this prefix are listed. @default every key */
  readonly prefix?: string | undefined;
  readonly stateMachineArn: string;
  /** Keys under this prefix are sizegate's output and are skipped, as the handler skips them (isOwnOutput). Non-empty. @default 'processed/' */
  readonly outputPrefix?: string | undefined;
  /** The bucket the output prefix applies to; undefined: every bucket (as in the handler). */
  readonly outputBucket?: string | undefined;
  /** Objects smaller than this are skipped. @default 0: every object gets an execution, as the trigger gives it one */
  readonly minSizeBytes?: number | undefined;
  /** Further key filter (e.g. the trigger's suffix filter): keys it rejects are skipped. */
  readonly include?: ((key: string) => boolean) | undefined;
  /**
   * List object versions and name executions after the latest version id, as the trigger does on
   * a bucket with versioning enabled (its notifications carry the version id). Without it, names
   * come from the ETag, which is what the trigger uses on an unversioned bucket.
   * @default false
   */
  readonly versioned?: boolean | undefined;
  /** StartExecution calls in flight at once. @default 8 */
  readonly concurrency?: number | undefined;
  /** Keys per list page. @default 1000 */
  readonly pageSize?: number | undefined;
  /** @default a Powertools Logger with serviceName 'sizegate-start-execution' */
  readonly logger?: LoggerLike | undefined;
  /**
   * Called with the counts so far after each list page is read and after each object's outcome,
   * e.g. to show progress over a large bucket. It must not throw.
   */
  readonly onProgress?: ((progress: BackfillProgress) => void) | undefined;
}

/** How far a backfill has got: objects listed so far, and the outcomes of those done. */
export interface BackfillProgress {
  readonly listed: number;
  readonly started: number;
  readonly alreadyStarted: number;
  readonly skipped: number;
  readonly failed: number;
}

/** An object whose StartExecution failed (a re-run retries it: the names are deterministic). */
export interface BackfillFailure {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | null;
  readonly executionName: string;
  /** `<error name>: <message>` */
  readonly error: string;
}

export interface BackfillSummary {
  readonly bucket: string;
  readonly prefix: string;
  /** Objects listed (every listed object is counted once in started, alreadyStarted, skipped or failed). */
  readonly listed: number;
  /** Executions started by this run. */
  readonly started: number;
  /** Objects that already had their execution (ExecutionAlreadyExists). */
  readonly alreadyStarted: number;
  /** Output objects, manifests, keys the filter rejects and objects below minSizeBytes. */
  readonly skipped: number;
  readonly failed: readonly BackfillFailure[];
}

interface ListedObject {
  readonly key: string;
  readonly size: number | undefined;
  readonly etag: string | null;
  readonly versionId: string | null;
}

type Outcome = 'started' | 'already-started' | 'skipped' | BackfillFailure;

/**
 * Starts an execution for every object of a bucket (prefix) that has none: the recovery for
 * uploads whose notification never started one (trigger disabled or misconfigured, Lambda
 * failures past its retries, a local runtime that was killed). Each object gets the same input
 * and the same deterministic execution name as the start-execution handler gives it, so objects
 * that already have an execution meet ExecutionAlreadyExists, and a re-run starts nothing twice.
 *
 * Listing failures (missing bucket, access denied) throw StartExecutionFailed naming the bucket;
 * StartExecution failures are collected in `failed`, each naming its bucket and key.
 */
export async function backfill(options: BackfillOptions): Promise<BackfillSummary> {
  const { s3, sfn, bucket, stateMachineArn } = options;
  const prefix = options.prefix ?? '';
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const minSizeBytes = options.minSizeBytes ?? 0;
  validate({ bucket, stateMachineArn, concurrency, pageSize, minSizeBytes });
  const output = { outputBucket: options.outputBucket, outputPrefix: checkOutputPrefix(options.outputPrefix ?? DEFAULT_OUTPUT_PREFIX) };
  const logger: LoggerLike = options.logger ?? new Logger({ serviceName: SERVICE_NAME });

  const skipReason = (object: ListedObject): string | undefined => {
    if (isOwnOutput({ bucket, key: object.key }, output)) return ownOutputReason(output);
    if (object.key.endsWith(MANIFEST_SUFFIX)) return `key ends with "${MANIFEST_SUFFIX}": a sizegate manifest`;
    if (options.include !== undefined && !options.include(object.key)) return 'key does not pass the trigger filter';
    if (object.size !== undefined && object.size < minSizeBytes) return `size ${object.size} is below minSizeBytes ${minSizeBytes}`;
    return undefined;
  };

  const start = async (object: ListedObject): Promise<Outcome> => {
    const location = { bucket, key: object.key, versionId: object.versionId };
    const reason = skipReason(object);
    if (reason !== undefined) {
      logger.debug('Backfill skipped an object', { ...location, reason });
      return 'skipped';
    }
    const executionName = executionNameFor({ bucket, key: object.key, versionId: object.versionId, etag: object.etag });
    const input = JSON.stringify({ bucket, key: object.key, versionId: object.versionId });
    try {
      const response = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: executionName, input }));
      logger.info('Backfill started an execution', { ...location, executionName, executionArn: response.executionArn });
      return 'started';
    } catch (error) {
      if (errorName(error) === 'ExecutionAlreadyExists') {
        logger.debug('Backfill found the execution already started', { ...location, executionName });
        return 'already-started';
      }
      const failure = { ...location, executionName, error: `${errorName(error) ?? 'Error'}: ${errorMessage(error)}` };
      logger.error('Backfill could not start an execution', { ...location, executionName, error: failure.error });
      return failure;
    }
  };

  const counts = { listed: 0, started: 0, alreadyStarted: 0, skipped: 0 };
  const failed: BackfillFailure[] = [];
  let failedSoFar = 0; // failures are collected per page, in listing order; progress counts them as they come
  const report = () => options.onProgress?.({ ...counts, failed: failedSoFar });
  const startCounted = async (object: ListedObject): Promise<Outcome> => {
    const outcome = await start(object);
    if (outcome === 'started') counts.started += 1;
    else if (outcome === 'already-started') counts.alreadyStarted += 1;
    else if (outcome === 'skipped') counts.skipped += 1;
    else failedSoFar += 1;
    report();
    return outcome;
  };
  for await (const page of listPages(s3, bucket, prefix, pageSize, options.versioned === true)) {
    counts.listed += page.length;
    report();
    for (const outcome of await mapWithConcurrency(page, concurrency, startCounted)) {
      if (typeof outcome === 'object') failed.push(outcome);
    }
  }
  const summary: BackfillSummary = { bucket, prefix, ...counts, failed };
  logger.info('Backfill finished', { bucket, prefix, ...counts, failed: failed.length });
  return summary;
}

/** The listed objects, one page at a time (a page is started before the next is listed: memory stays bounded). */
async function* listPages(
  s3: S3Client,
  bucket: string,
  prefix: string,
  pageSize: number,
  versioned: boolean,
): AsyncGenerator<ListedObject[]> {
  let continuation: { token?: string; keyMarker?: string; versionIdMarker?: string } = {};
  for (let page = 0; page < MAX_PAGES; page++) {
    try {
      if (versioned) {
        const response = await s3.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            Prefix: prefix || undefined,
            MaxKeys: pageSize,
            KeyMarker: continuation.keyMarker,
            VersionIdMarker: continuation.versionIdMarker,
          }),
        );
        // Only the current version of each key; a key whose latest entry is a delete marker has none.
        yield (response.Versions ?? [])
          .filter((version) => version.IsLatest === true && version.Key !== undefined)
          .map((version) => ({
            key: version.Key as string,
            size: version.Size,
            etag: version.ETag ?? null,
            // "null" is the version of an object stored while versioning was off: its notification has no version id.
            versionId: version.VersionId && version.VersionId !== 'null' ? version.VersionId : null,
          }));
        if (response.IsTruncated !== true) return;
        continuation = { keyMarker: response.NextKeyMarker, versionIdMarker: response.NextVersionIdMarker };
      } else {
        const response = await s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix || undefined,
            MaxKeys: pageSize,
            ContinuationToken: continuation.token,
          }),
        );
        yield (response.Contents ?? [])
          .filter((object) => object.Key !== undefined)
          .map((object) => ({ key: object.Key as string, size: object.Size, etag: object.ETag ?? null, versionId: null }));
        if (response.IsTruncated !== true || response.NextContinuationToken === undefined) return;
        continuation = { token: response.NextContinuationToken };
      }
    } catch (error) {
      throw new StartExecutionFailed(
        `Backfill could not list the objects${prefix === '' ? '' : ` under prefix "${prefix}"`} (${errorName(error) ?? 'Error'}: ${errorMessage(error)})`,
        { bucket, cause: error },
      );
    }
  }
  throw new StartExecutionFailed(`Backfill stopped after ${MAX_PAGES} list pages`, { bucket });
}

function validate(settings: {
  bucket: unknown;
  stateMachineArn: unknown;
  concurrency: unknown;
  pageSize: unknown;
  minSizeBytes: unknown;
}): void {
  const { bucket, stateMachineArn, concurrency, pageSize, minSizeBytes } = settings;
  if (typeof bucket !== 'string' || bucket === '') throw new ConfigurationError('backfill bucket must be a non-empty bucket name');
  if (typeof stateMachineArn !== 'string' || stateMachineArn.trim() === '')
    throw new ConfigurationError('backfill stateMachineArn must be a non-empty state machine ARN');
  for (const [name, value, min] of [
    ['concurrency', concurrency, 1],
    ['pageSize', pageSize, 1],
    ['minSizeBytes', minSizeBytes, 0],
  ] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw new ConfigurationError(`backfill ${name} must be an integer >= ${min}, got ${String(value)}`);
    }
  }
  if (typeof pageSize === 'number' && pageSize > DEFAULT_PAGE_SIZE)
    throw new ConfigurationError(`backfill pageSize must be at most ${DEFAULT_PAGE_SIZE}, got ${pageSize}`);
}
