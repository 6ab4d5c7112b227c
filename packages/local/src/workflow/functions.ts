import type { S3Client } from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { createHandler as createCheckSize } from '@sizegate/check-size';
import { createHandler as createProcessFile, type Processor } from '@sizegate/process-file';
import { createHandler as createStartExecution } from '@sizegate/start-execution';
import { ConfigurationError, DEFAULT_OUTPUT_PREFIX, ENV, optionalEnv, type LoggerLike } from '@sizegate/types';
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
 * Builds the handler a function runs, reading its environment the way each handler package's
 * Lambda entry (`readConfig`) does, so a template's env has the same effect locally as on AWS.
 */
export function createLocalFunction(spec: LocalFunctionSpec, deps: FunctionDeps): LocalFunctionHandler {
  const { env } = spec;
  const where = spec.logicalId === undefined ? `function ${spec.functionName}` : `function ${spec.logicalId}`;
  switch (spec.handler) {
    case 'check-size':
      return createCheckSize({
        s3: deps.s3,
        logger: deps.logger,
        fallback: { bucket: optionalEnv(env, ENV.bucket, ENV.legacyBucket), key: optionalEnv(env, ENV.key, ENV.legacyKey) },
      }) as LocalFunctionHandler;
    case 'process-file':
      return createProcessFile({
        s3: deps.s3,
        logger: deps.logger,
        outputBucket: optionalEnv(env, ENV.outputBucket)?.trim(),
        outputPrefix: optionalEnv(env, ENV.outputPrefix) ?? DEFAULT_OUTPUT_PREFIX,
        processors: deps.processors,
      }) as LocalFunctionHandler;
    case 'start-execution': {
      const stateMachineArn = optionalEnv(env, ENV.stateMachineArn)?.trim();
      if (stateMachineArn === undefined)
        throw new ConfigurationError(`Environment variable ${ENV.stateMachineArn} of ${where} is required but not set`);
      return createStartExecution({
        sfn: deps.sfn,
        stateMachineArn,
        outputBucket: optionalEnv(env, ENV.outputBucket)?.trim(),
        outputPrefix: optionalEnv(env, ENV.outputPrefix) ?? DEFAULT_OUTPUT_PREFIX,
        logger: deps.logger,
      }) as LocalFunctionHandler;
    }
    default:
      return spec.handler;
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
