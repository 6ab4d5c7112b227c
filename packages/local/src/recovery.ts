import type { LoggerLike } from '@sizegate/types';
import { readdirSync } from 'node:fs';
import { get } from 'node:http';
import type { Workflow } from './workflow.js';

/** How long the start-up probe of the incoming bucket may take. */
const PROBE_TIMEOUT_MS = 5_000;

export interface RecoveryOptions {
  readonly endpoint: string;
  readonly bucket: string;
  /** `<dataDir>/stepfunctions`: executions kept by an earlier run. */
  readonly executionsDirectory: string;
  readonly loadWorkflow: () => Promise<Workflow>;
  readonly logger: LoggerLike;
  /** Headers for the probe's GET (its signature, when the runtime verifies signatures). @default none */
  readonly requestHeaders?: (url: URL) => Record<string, string>;
}

/**
 * What `serve` does once it listens, so that a restart with the same data dir loses nothing:
 * executions kept by an earlier run are loaded (loading the Step Functions side closes the ones
 * that were running as ABORTED and starts them again), and every object of the incoming bucket
 * that never got an execution gets one (its notification was pending when the process stopped).
 *
 * The Step Functions side (engine, SDK clients, handlers) is only loaded when there is something
 * to recover, so a fresh start stays as fast and small as before.
 */
export async function recoverAtStart(options: RecoveryOptions): Promise<void> {
  const { logger } = options;
  try {
    if (hasEntries(options.executionsDirectory)) await options.loadWorkflow();
    if (!(await bucketHasObjects(options.endpoint, options.bucket, options.requestHeaders))) return;
    const summary = await (await options.loadWorkflow()).backfill();
    const { listed, started, alreadyStarted, skipped, failed } = summary;
    const log = failed.length > 0 ? logger.error : started > 0 ? logger.info : logger.debug;
    log.call(logger, 'Start-up check: objects without an execution', {
      bucket: options.bucket,
      listed,
      started,
      alreadyStarted,
      skipped,
      failed: failed.length,
    });
  } catch (error) {
    logger.error('Start-up recovery failed: objects without an execution may remain (run `sizegate-local backfill`)', {
      bucket: options.bucket,
      error: String(error),
    });
  }
}

function hasEntries(directory: string): boolean {
  try {
    return readdirSync(directory).length > 0;
  } catch {
    return false;
  }
}

/**
 * One ListObjects (v1) with max-keys=1 over plain HTTP: whether the bucket holds any object. Cheaper
 * than loading the SDK for an empty bucket, which is every fresh start.
 */
function bucketHasObjects(
  endpoint: string,
  bucket: string,
  requestHeaders: ((url: URL) => Record<string, string>) | undefined,
): Promise<boolean> {
  const url = new URL(`${endpoint}/${encodeURIComponent(bucket)}?max-keys=1`);
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: PROBE_TIMEOUT_MS, headers: requestHeaders?.(url) ?? {} }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode !== 200)
          reject(new Error(`Listing bucket "${bucket}" answered HTTP ${response.statusCode}: ${body.slice(0, 200)}`));
        else resolve(body.includes('<Contents>'));
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`Listing bucket "${bucket}" took over ${PROBE_TIMEOUT_MS} ms`)));
    request.on('error', reject);
  });
}
