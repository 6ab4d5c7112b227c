import { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Manifest } from '@sizegate/types';
import type { Context } from 'aws-lambda';
import { readConfig } from './config.js';
import { createHandler, SERVICE_NAME, type ProcessFileHandler } from './handler.js';
import type { ProcessFileEvent } from './input.js';

/** SDK timeouts. requestTimeout runs until the response headers arrive (GetObject's body is not included). */
export const S3_CONNECTION_TIMEOUT_MS = 5_000;
export const S3_REQUEST_TIMEOUT_MS = 30_000;
/** A body that sends nothing for this long is stalled: the read fails instead of hanging until the Lambda timeout. */
export const S3_SOCKET_TIMEOUT_MS = 30_000;

interface Runtime {
  readonly logger: Logger;
  readonly core: ProcessFileHandler;
}

// Built on the first invocation and reused by the warm container: one client, one connection pool.
let runtime: Runtime | undefined;

function getRuntime(): Runtime {
  if (runtime === undefined) {
    const { outputBucket, outputPrefix } = readConfig();
    const logger = new Logger({ serviceName: SERVICE_NAME });
    const s3 = new S3Client({
      requestHandler: {
        connectionTimeout: S3_CONNECTION_TIMEOUT_MS,
        requestTimeout: S3_REQUEST_TIMEOUT_MS,
        socketTimeout: S3_SOCKET_TIMEOUT_MS,
      },
    });
    runtime = { logger, core: createHandler({ s3, logger, outputBucket, outputPrefix }) };
  }
  return runtime;
}

/** The Lambda entry (handler "index.handler" in the bundle): settings from the environment. */
export const handler = async (event: ProcessFileEvent, context?: Context): Promise<Manifest> => {
  const { logger, core } = getRuntime();
  // Adds the request id and function name to every log line of this invocation.
  if (context !== undefined) logger.addContext(context);
  return core(event, context);
};
