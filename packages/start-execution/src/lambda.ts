import { SFNClient } from '@aws-sdk/client-sfn';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { readConfig } from './config.js';
import { createHandler, SERVICE_NAME, type StartExecutionHandler, type StartExecutionResponse } from './handler.js';

/** SDK timeouts: StartExecution moves a few hundred bytes, so a request that takes longer than this is stuck. */
export const SFN_CONNECTION_TIMEOUT_MS = 5_000;
export const SFN_REQUEST_TIMEOUT_MS = 10_000;

interface Runtime {
  readonly logger: Logger;
  readonly core: StartExecutionHandler;
}

// Built on the first invocation and reused by the warm container: one client, one connection pool.
let runtime: Runtime | undefined;

function getRuntime(): Runtime {
  if (runtime === undefined) {
    const { stateMachineArn, outputPrefix, outputBucket } = readConfig();
    const logger = new Logger({ serviceName: SERVICE_NAME });
    const sfn = new SFNClient({
      requestHandler: { connectionTimeout: SFN_CONNECTION_TIMEOUT_MS, requestTimeout: SFN_REQUEST_TIMEOUT_MS },
    });
    runtime = { logger, core: createHandler({ sfn, logger, stateMachineArn, outputPrefix, outputBucket }) };
  }
  return runtime;
}

/** The Lambda entry (handler "index.handler" in the bundle): settings from the environment. */
export const handler = async (event: unknown, context?: unknown): Promise<StartExecutionResponse> => {
  const { logger, core } = getRuntime();
  // Adds the request id and function name to every log line of this invocation.
  if (typeof context === 'object' && context !== null) logger.addContext(context as Context);
  return core(event, context);
};
