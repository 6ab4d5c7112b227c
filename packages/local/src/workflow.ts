import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createHandler as createCheckSize } from '@sizegate/check-size';
import { createHandler as createProcessFile, type Processor } from '@sizegate/process-file';
import { createHandler as createStartExecution } from '@sizegate/start-execution';
import { STATE_NAMES, type LoggerLike } from '@sizegate/types';
import type { S3NotificationEvent } from './s3/event-record.js';
import { createStepFunctionsService, type StepFunctionsService } from './sfn/service.js';

/** Credentials the runtime's own clients use; the runtime accepts any. */
const LOCAL_CREDENTIALS = { accessKeyId: 'sizegate-local', secretAccessKey: 'sizegate-local' };

export interface WorkflowOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly stateMachineName: string;
  /** The ASL definition, built by start-local (it checks the options at start). */
  readonly definition: object;
  readonly outputBucket: string;
  readonly outputPrefix: string;
  readonly processors: readonly Processor[] | undefined;
  readonly logger: LoggerLike;
}

/** The Step Functions side of the runtime: the engine, the handlers and their SDK clients. */
export interface Workflow {
  readonly stepFunctions: StepFunctionsService;
  /** The start-execution handler: turns one S3 notification into StartExecution calls. */
  startExecution(event: S3NotificationEvent): Promise<unknown>;
  /** Closes the Step Functions side and the handlers' clients. */
  close(): Promise<void>;
}

/**
 * Builds the Step Functions side. start-local imports this module on first use (the first Step
 * Functions request or the first upload into the incoming bucket), so `serve` is ready before
 * the engine, both SDK clients and the handlers are loaded.
 */
export function createWorkflow(options: WorkflowOptions): Workflow {
  const { endpoint, region, accountId, stateMachineName, outputBucket, outputPrefix, logger } = options;
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
  const checkSizeName = `${stateMachineName}-check-size`;
  const processFileName = `${stateMachineName}-process-file`;

  const stepFunctions = createStepFunctionsService({
    region,
    accountId,
    stateMachineName,
    definition: options.definition,
    // buildDefinition's output is validated with asl-validator by @sizegate/state-machine's own
    // tests; skipping it here saves compiling the ASL JSON schema (~300 ms, several MiB) on first use.
    validateDefinition: false,
    functions: {
      [STATE_NAMES.checkFileSize]: { functionName: checkSizeName, handler: createCheckSize({ s3, logger }) },
      [STATE_NAMES.processFile]: {
        functionName: processFileName,
        handler: createProcessFile({ s3, logger, outputBucket, outputPrefix, processors: options.processors }),
      },
    },
    logger,
  });
  const startExecution = createStartExecution({ sfn, stateMachineArn: stepFunctions.stateMachineArn, outputBucket, outputPrefix, logger });
  return {
    stepFunctions,
    startExecution,
    async close() {
      await stepFunctions.close();
      s3.destroy();
      sfn.destroy();
    },
  };
}
