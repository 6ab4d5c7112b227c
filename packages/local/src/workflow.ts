import { Agent } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Processor } from '@sizegate/process-file';
import { backfill, type BackfillSummary } from '@sizegate/start-execution';
import { LOCAL_CREDENTIALS, type LoggerLike } from '@sizegate/types';
import {
  type ClockMode,
  createStepFunctionsService,
  type LambdaFunctionSource,
  stateMachineArnOf,
  type StepFunctionsService,
  type TaskFault,
} from '@sizegate/sfn-local';
import type { LocalWorkflowConfig } from './workflow/config.js';
import { starterInvoker, taskFunctions } from './workflow/functions.js';
import { matchesKeyFilter } from './workflow/trigger.js';

export interface WorkflowOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  /** The workflow to run (resolved by start-local, which checks the options at start). */
  readonly config: LocalWorkflowConfig;
  readonly processors: readonly Processor[] | undefined;
  /** Faults to inject (checked against the definition by start-local). */
  readonly faults: readonly TaskFault[] | undefined;
  /** Retry intervals, Wait and timeouts multiplied by this (checked by start-local). */
  readonly timeScale: number | undefined;
  readonly clock: ClockMode | undefined;
  readonly mapStateExitedAfter: 'MapRunStarted' | 'MapRunSucceeded' | undefined;
  /** Functions by name for state machines created on the endpoint. */
  readonly lambdaFunctions: Readonly<Record<string, LambdaFunctionSource>> | undefined;
  readonly functionsDir: string | undefined;
  readonly logger: LoggerLike;
  /** Where executions persist (`<dataDir>/stepfunctions`); executions found there are loaded. */
  readonly persistDirectory?: string;
  /** What the functions' SDK clients sign with: with verifySignatures, an accepted key. @default dummy local credentials */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
}

/** The Step Functions side of the runtime: the engine, the handlers and their SDK clients. */
export interface Workflow {
  readonly stepFunctions: StepFunctionsService;
  /** The trigger's function (start-execution): turns one notification into StartExecution calls. */
  startExecution(event: unknown): Promise<unknown>;
  /**
   * Starts an execution for every object of the incoming bucket that passes the trigger's filter
   * and has none yet (`backfill` from @sizegate/start-execution, through the runtime's endpoint).
   */
  backfill(): Promise<BackfillSummary>;
  /** Closes the Step Functions side and the handlers' clients. */
  close(): Promise<void>;
}

/** Sockets the in-process handlers' clients may open to the runtime (SDK default: 50). */
const HANDLER_MAX_SOCKETS = 512;

/**
 * Builds the Step Functions side. start-local imports this module on first use (the first Step
 * Functions request or the first triggering upload), so `serve` is ready before the engine, both
 * SDK clients and the handlers are loaded.
 */
export function createWorkflow(options: WorkflowOptions): Workflow {
  const { endpoint, region, accountId, config, logger } = options;
  const credentials = options.credentials ?? LOCAL_CREDENTIALS;
  // The handlers talk to the runtime over HTTP with real SDK clients, exactly as on AWS. On AWS
  // each concurrent invocation has its own container and client; here one client serves them all,
  // so it gets far more than the SDK's default 50 sockets (a burst of uploads would queue on them).
  const requestHandler = { httpAgent: new Agent({ keepAlive: true, maxSockets: HANDLER_MAX_SOCKETS }), connectionTimeout: 5_000 };
  const s3 = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler,
  });
  const sfn = new SFNClient({ endpoint, region, credentials, requestHandler });
  const deps = { s3, sfn, logger, processors: options.processors };

  const stepFunctions = createStepFunctionsService({
    region,
    accountId,
    stateMachineName: config.stateMachineName,
    definition: config.definition,
    functions: taskFunctions(config, deps),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.mapStateExitedAfter === undefined ? {} : { mapStateExitedAfter: options.mapStateExitedAfter }),
    ...(options.lambdaFunctions === undefined ? {} : { lambdaFunctions: options.lambdaFunctions }),
    ...(options.functionsDir === undefined ? {} : { functionsDirectory: options.functionsDir }),
    logger,
    ...(options.persistDirectory === undefined ? {} : { persistDirectory: options.persistDirectory }),
  });
  return {
    stepFunctions,
    startExecution: starterInvoker(config, deps),
    backfill: () =>
      backfill({
        s3,
        sfn,
        bucket: config.bucket,
        stateMachineArn: stateMachineArnOf({ region, accountId }, config.stateMachineName),
        outputPrefix: config.outputPrefix,
        outputBucket: config.outputBucket,
        include: (key) => matchesKeyFilter(config.keyFilter, key),
        logger,
      }),
    async close() {
      await stepFunctions.close();
      s3.destroy();
      sfn.destroy();
    },
  };
}
