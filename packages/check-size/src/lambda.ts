import { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SizeCheckResult } from '@sizegate/types';
import type { Context } from 'aws-lambda';
import { readConfig } from './config.js';
import { createHandler, SERVICE_NAME, type CheckSizeEvent, type CheckSizeHandler } from './handler.js';

/** SDK timeouts: HeadObject moves no body, so a request that takes longer than this is stuck. */
export const S3_CONNECTION_TIMEOUT_MS = 5_000;
export const S3_REQUEST_TIMEOUT_MS = 10_000;

interface Runtime {
  readonly logger: Logger;
  readonly core: CheckSizeHandler;
}

// Built on the first invocation and reused by the warm container: one client, one connection pool.
let runtime: Runtime | undefined;

function getRuntime(): Runtime {
  if (runtime === undefined) {
    const { fallback } = readConfig();
    const logger = new Logger({ serviceName: SERVICE_NAME });
    const s3 = new S3Client({
      requestHandler: { connectionTimeout: S3_CONNECTION_TIMEOUT_MS, requestTimeout: S3_REQUEST_TIMEOUT_MS },
    });
    runtime = { logger, core: createHandler({ s3, logger, fallback }) };
  }
  return runtime;
}

/** The Lambda entry (handler "index.handler" in the bundle): settings from the environment. */
export const handler = async (event?: CheckSizeEvent | null, context?: Context): Promise<SizeCheckResult> => {
  const { logger, core } = getRuntime();
  // Adds the request id and function name to every log line of this invocation.
  if (context !== undefined) logger.addContext(context);
  return core(event, context);
};
