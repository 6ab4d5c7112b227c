import type { S3Client } from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { createHandler as createCheckSize } from '@sizegate/check-size';
import { readConfig as readCheckSizeConfig } from '@sizegate/check-size/config';
import { createHandler as createProcessFile, type Processor } from '@sizegate/process-file';
import { readConfig as readProcessFileConfig } from '@sizegate/process-file/config';
import { createHandler as createStartExecution } from '@sizegate/start-execution';
import { readConfig as readStartExecutionConfig } from '@sizegate/start-execution/config';
import { ConfigurationError, type LoggerLike } from '@sizegate/types';
import { createLambdaContext, type LocalFunctionHandler } from '@sizegate/sfn-local';
import type { LocalFunctionSpec, LocalWorkflowConfig } from './config.js';

export interface FunctionDeps {
  readonly s3: S3Client;
  readonly sfn: SFNClient;
  readonly logger: LoggerLike;
  readonly processors?: readonly Processor[] | undefined;
}

/** Lambda's default timeout when a template's function sets none would be 3 s; the context only reports it. */
const DEFAULT_TIMEOUT_SECONDS = 60;

/**
 * Builds the handler a function runs, reading its environment with each handler package's own
 * `readConfig` (what its Lambda entry reads), so a template's env has the same effect locally as
 * on AWS. A setting the handler refuses is reported naming the function.
 */
export function createLocalFunction(spec: LocalFunctionSpec, deps: FunctionDeps): LocalFunctionHandler {
  const { env } = spec;
  try {
    switch (spec.handler) {
      case 'check-size':
        return createCheckSize({ s3: deps.s3, logger: deps.logger, ...readCheckSizeConfig(env) }) as LocalFunctionHandler;
      case 'process-file':
        return createProcessFile({
          s3: deps.s3,
          logger: deps.logger,
          ...readProcessFileConfig(env),
          processors: deps.processors,
        }) as LocalFunctionHandler;
      case 'start-execution':
        return createStartExecution({ sfn: deps.sfn, logger: deps.logger, ...readStartExecutionConfig(env) }) as LocalFunctionHandler;
      default:
        return spec.handler;
    }
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    const where = spec.logicalId === undefined ? `function ${spec.functionName}` : `function ${spec.logicalId}`;
    throw new ConfigurationError(`${where}: ${error.message}`, { cause: error });
  }
}

/** The `functions` option of the Step Functions service: Task state name → function name and handler. */
export function taskFunctions(config: LocalWorkflowConfig, deps: FunctionDeps) {
  return Object.fromEntries(
    Object.entries(config.tasks).map(([state, spec]) => [
      state,
      { functionName: spec.functionName, handler: createLocalFunction(spec, deps) },
    ]),
  );
}

/** Invokes the trigger's function as Lambda would (an async invoke: the event, and a Lambda context). */
export function starterInvoker(config: LocalWorkflowConfig, deps: FunctionDeps): (event: unknown) => Promise<unknown> {
  const spec = config.starter;
  const handler = createLocalFunction(spec, deps);
  return async (event) =>
    handler(
      event as never,
      createLambdaContext({
        functionName: spec.functionName,
        invokedFunctionArn: spec.functionArn,
        timeoutMs: (spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      }),
    );
}
