import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Processor } from '@sizegate/process-file';
import type { LoggerLike } from '@sizegate/types';
import type { TaskFault } from './faults.js';
import { createStepFunctionsService, type StepFunctionsService } from './sfn/service.js';
import type { LocalWorkflowConfig } from './workflow/config.js';
import { starterInvoker, taskFunctions } from './workflow/functions.js';

/** Credentials the runtime's own clients use; the runtime accepts any. */
const LOCAL_CREDENTIALS = { accessKeyId: 'sizegate-local', secretAccessKey: 'sizegate-local' };

export interface WorkflowOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  /** The workflow to run (resolved by start-local, which checks the options at start). */
  readonly config: LocalWorkflowConfig;
  /** Whether to check the definition with asl-validator (costs ~300 ms and several MiB). */
  readonly validateDefinition: boolean;
  readonly processors: readonly Processor[] | undefined;
  /** Faults to inject (checked against the definition by start-local). */
  readonly faults: readonly TaskFault[] | undefined;
  /** Retry intervals, Wait and timeouts multiplied by this (checked by start-local). */
  readonly timeScale: number | undefined;
  readonly logger: LoggerLike;
}

/** The Step Functions side of the runtime: the engine, the handlers and their SDK clients. */
export interface Workflow {
  readonly stepFunctions: StepFunctionsService;
  /** The trigger's function (start-execution): turns one notification into StartExecution calls. */
  startExecution(event: unknown): Promise<unknown>;
  /** Closes the Step Functions side and the handlers' clients. */
  close(): Promise<void>;
}

/**
 * Builds the Step Functions side. start-local imports this module on first use (the first Step
 * Functions request or the first triggering upload), so `serve` is ready before the engine, both
 * SDK clients and the handlers are loaded.
 */
export function createWorkflow(options: WorkflowOptions): Workflow {
  const { endpoint, region, accountId, config, logger } = options;
  // The handlers talk to the runtime over HTTP with real SDK clients, exactly as on AWS.
  const s3 = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: LOCAL_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const sfn = new SFNClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  const deps = { s3, sfn, logger, processors: options.processors };

  const stepFunctions = createStepFunctionsService({
    region,
    accountId,
    stateMachineName: config.stateMachineName,
    definition: config.definition,
    validateDefinition: options.validateDefinition,
    functions: taskFunctions(config, deps),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
    logger,
  });
  return {
    stepFunctions,
    startExecution: starterInvoker(config, deps),
    async close() {
      await stepFunctions.close();
      s3.destroy();
      sfn.destroy();
    },
  };
}
