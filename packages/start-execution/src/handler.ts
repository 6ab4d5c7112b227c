import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  ConfigurationError,
  DEFAULT_OUTPUT_PREFIX,
  errorMessage,
  errorName,
  httpStatusOf,
  type LoggerLike,
  StartExecutionFailed,
  withoutRawResponse,
} from '@sizegate/types';
import { mapWithConcurrency } from './concurrency.js';
import { parseEvent, type ObjectRecord, type ParsedEvent, type ParsedRecord } from './events.js';
import { executionNameFor } from './execution-name.js';

/** Powertools service name of the default logger. */
export const SERVICE_NAME = 'sizegate-start-execution';
/** StartExecution calls in flight at once, by default. */
export const DEFAULT_CONCURRENCY = 8;
/** How many failed objects the StartExecutionFailed message lists before "and N more". */
const MAX_LISTED_FAILURES = 20;

export type RecordStatus = 'started' | 'already-started' | 'skipped' | 'invalid' | 'failed';

/** What happened to one record of the event. */
export interface RecordResult {
  /** null only for an invalid record that names no bucket. */
  readonly bucket: string | null;
  /** Decoded; for an invalid record, as received (possibly still URL-encoded) or null. */
  readonly key: string | null;
  readonly versionId: string | null;
  /** null for skipped and invalid records: no execution was asked for. */
  readonly executionName: string | null;
  readonly status: RecordStatus;
  /** For 'started': the execution's ARN. */
  readonly executionArn?: string;
  /** Why the record was not started (or was already started). */
  readonly reason?: string;
}

export interface StartExecutionResponse {
  readonly results: readonly RecordResult[];
}

/** The StartExecutionFailed this handler throws: it also carries every record's result. */
export type StartExecutionFailure = StartExecutionFailed & { readonly results: readonly RecordResult[] };

export interface StartExecutionDeps {
  /** The Step Functions client StartExecution is sent with. */
  readonly sfn: SFNClient;
  readonly stateMachineArn: string;
  /** Keys under this prefix are sizegate's output and are skipped. Default 'processed/'. */
  readonly outputPrefix?: string | undefined;
  /** The bucket the output prefix applies to; undefined: every bucket. */
  readonly outputBucket?: string | undefined;
  /** Default: a Powertools Logger with serviceName 'sizegate-start-execution'. */
  readonly logger?: LoggerLike;
  /** StartExecution calls in flight at once. Default 8. */
  readonly concurrency?: number;
}

/** Accepts any event: the shape is checked at run time (see StartExecutionEvent for the accepted ones). */
export type StartExecutionHandler = (event: unknown, context?: unknown) => Promise<StartExecutionResponse>;

type Outcome = Pick<RecordResult, 'status' | 'executionArn' | 'reason'> & { readonly error?: unknown };

/**
 * Builds the handler that starts one execution of the state machine per new object. Every record
 * is tried; then, if any StartExecution call failed for a reason a retry can fix, it throws
 * StartExecutionFailed so that Lambda's async retries / on-failure destination re-deliver the
 * event. Deterministic execution names make that re-delivery safe.
 */
export function createHandler(deps: StartExecutionDeps): StartExecutionHandler {
  const { sfn, stateMachineArn, outputBucket, outputPrefix = DEFAULT_OUTPUT_PREFIX, concurrency = DEFAULT_CONCURRENCY } = deps;
  validateDeps({ stateMachineArn, outputBucket, outputPrefix, concurrency });
  const logger: LoggerLike = deps.logger ?? new Logger({ serviceName: SERVICE_NAME });

  const isOutputObject = (object: ObjectRecord): boolean =>
    (outputBucket === undefined || object.bucket === outputBucket) && object.key.startsWith(outputPrefix);

  return async (event) => {
    let parsed: ParsedEvent;
    try {
      parsed = parseEvent(event);
    } catch (error) {
      logger.error('Unsupported event', { error: (error as Error).message });
      throw error;
    }
    if (parsed.source === 's3-test-event') {
      logger.info('s3:TestEvent received: nothing to start', { bucket: (event as { Bucket?: unknown }).Bucket });
      return { results: [] };
    }
    if (parsed.records.length === 0) {
      logger.info('Event has no records: nothing to start', { source: parsed.source });
      return { results: [] };
    }

    // Duplicate records of one event (same object, same upload) share one StartExecution call.
    const calls = new Map<string, Promise<Outcome>>();
    const startOnce = (name: string, object: ObjectRecord): { outcome: Promise<Outcome>; duplicate: boolean } => {
      const existing = calls.get(name);
      if (existing !== undefined) return { outcome: existing, duplicate: true };
      const outcome = startExecution(name, object);
      calls.set(name, outcome);
      return { outcome, duplicate: false };
    };

    const startExecution = async (name: string, object: ObjectRecord): Promise<Outcome> => {
      const input = JSON.stringify({ bucket: object.bucket, key: object.key, versionId: object.versionId });
      try {
        const response = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input }));
        return { status: 'started', ...(response.executionArn === undefined ? {} : { executionArn: response.executionArn }) };
      } catch (caught) {
        const error = withoutRawResponse(caught);
        if (errorName(error) === 'ExecutionAlreadyExists') {
          return {
            status: 'already-started',
            reason: 'an execution with this name already exists: this upload was already handed to the state machine',
          };
        }
        return { status: 'failed', reason: `${errorName(error) ?? 'Error'}: ${errorMessage(error)}`, error };
      }
    };

    const processRecord = async (record: ParsedRecord): Promise<RecordResult & { readonly error?: unknown }> => {
      if (record.kind !== 'object') {
        const { bucket, key, versionId, reason } = record;
        return { bucket, key, versionId, executionName: null, status: record.kind === 'invalid' ? 'invalid' : 'skipped', reason };
      }
      const { object } = record;
      const base = { bucket: object.bucket, key: object.key, versionId: object.versionId };
      if (isOutputObject(object)) {
        const reason = `key is under the output prefix "${outputPrefix}"${outputBucket === undefined ? '' : ` of the output bucket "${outputBucket}"`}: it is sizegate's own output`;
        return { ...base, executionName: null, status: 'skipped', reason };
      }
      const executionName = executionNameFor(object);
      const { outcome, duplicate } = startOnce(executionName, object);
      const result = await outcome;
      if (duplicate && result.status !== 'failed') {
        return {
          ...base,
          executionName,
          status: 'already-started',
          reason: 'duplicate of an earlier record of this event',
          ...arnOf(result),
        };
      }
      return { ...base, executionName, ...result };
    };

    const processed = await mapWithConcurrency(parsed.records, concurrency, async (record) => {
      const result = await processRecord(record);
      logRecord(logger, result);
      return result;
    });
    const results: RecordResult[] = processed.map(({ error: _error, ...result }) => result);

    const counts = countStatuses(results);
    logger.info('Event processed', { source: parsed.source, records: results.length, ...counts });

    const failed = processed.filter((result) => result.status === 'failed');
    if (failed.length > 0) throw failure(failed, results);
    return { results };
  };
}

function validateDeps(settings: { stateMachineArn: unknown; outputBucket: unknown; outputPrefix: unknown; concurrency: unknown }): void {
  const { stateMachineArn, outputBucket, outputPrefix, concurrency } = settings;
  if (typeof stateMachineArn !== 'string' || stateMachineArn.trim() === '') {
    throw new ConfigurationError('start-execution stateMachineArn must be a non-empty state machine ARN');
  }
  if (outputBucket !== undefined && (typeof outputBucket !== 'string' || outputBucket === '')) {
    throw new ConfigurationError('start-execution outputBucket must be a non-empty bucket name when given');
  }
  if (typeof outputPrefix !== 'string') throw new ConfigurationError('start-execution outputPrefix must be a string');
  if (outputPrefix === '' && outputBucket === undefined) {
    throw new ConfigurationError(
      'start-execution outputPrefix must not be empty unless outputBucket is set: every object would be skipped',
    );
  }
  if (typeof concurrency !== 'number' || !Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigurationError(`start-execution concurrency must be a positive integer, got ${String(concurrency)}`);
  }
}

const MESSAGES: Record<RecordStatus, string> = {
  started: 'Execution started',
  'already-started': 'Execution already started',
  skipped: 'Record skipped',
  invalid: 'Invalid record: it cannot be started, and retrying will not help',
  failed: 'StartExecution failed; the event will be retried',
};

/** One line per record; invalid and failed records at error level. */
function logRecord(logger: LoggerLike, result: RecordResult & { readonly error?: unknown }): void {
  const { bucket, key, versionId, executionName, status, executionArn, reason, error } = result;
  const attributes: Record<string, unknown> = { bucket, key, versionId, executionName, status };
  if (executionArn !== undefined) attributes['executionArn'] = executionArn;
  if (reason !== undefined) attributes['reason'] = reason;
  if (error !== undefined) {
    attributes['errorName'] = errorName(error);
    attributes['httpStatusCode'] = httpStatusOf(error);
  }
  const level = status === 'invalid' || status === 'failed' ? 'error' : 'info';
  logger[level](MESSAGES[status], attributes);
}

function failure(
  failed: ReadonlyArray<RecordResult & { readonly error?: unknown }>,
  results: readonly RecordResult[],
): StartExecutionFailure {
  const summary = `StartExecution failed for ${failed.length} of ${results.length} record${results.length === 1 ? '' : 's'}`;
  let error: StartExecutionFailed;
  if (failed.length === 1) {
    const [only] = failed as [RecordResult & { readonly error?: unknown }];
    error = new StartExecutionFailed(`${summary} (${only.reason})`, {
      bucket: only.bucket ?? undefined,
      key: only.key ?? undefined,
      versionId: only.versionId,
      cause: only.error,
    });
  } else {
    const listed = failed.slice(0, MAX_LISTED_FAILURES).map((result) => `bucket "${result.bucket}" key "${result.key}" (${result.reason})`);
    const more = failed.length > MAX_LISTED_FAILURES ? `; and ${failed.length - MAX_LISTED_FAILURES} more` : '';
    error = new StartExecutionFailed(`${summary}: ${listed.join('; ')}${more}`, {
      cause: new AggregateError(
        failed.map((result) => result.error),
        summary,
      ),
    });
  }
  return Object.assign(error, { results });
}

function arnOf(outcome: Outcome): { executionArn?: string } {
  return outcome.executionArn === undefined ? {} : { executionArn: outcome.executionArn };
}

function countStatuses(results: readonly RecordResult[]): Record<RecordStatus, number> {
  const counts: Record<RecordStatus, number> = { started: 0, 'already-started': 0, skipped: 0, invalid: 0, failed: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}
