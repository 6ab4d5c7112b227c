import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFrontServer } from './http-server.js';
import { createStderrLogger } from './logger.js';
import { createNotificationDispatcher } from './notifications/dispatcher.js';
import { DEFAULTS, type LocalRuntime, type StartLocalOptions } from './options.js';
import { createS3Service } from './s3/service.js';
import { createStepFunctionsService, type StepFunctionsService } from './sfn/service.js';
import { starterInvoker, taskFunctions } from './workflow/functions.js';
import { resolveWorkflow } from './workflow/resolve.js';
import { triggerEvent, triggers } from './workflow/trigger.js';

/** Credentials the runtime's own clients use; the runtime accepts any. */
const LOCAL_CREDENTIALS = { accessKeyId: 'sizegate-local', secretAccessKey: 'sizegate-local' };

/**
 * Starts S3 and Step Functions on one endpoint, with the sizegate state machine running the real
 * handler packages in process. Uploads into the incoming bucket start executions, as on AWS.
 */
export async function startLocal(options: StartLocalOptions = {}): Promise<LocalRuntime> {
  const region = options.region ?? DEFAULTS.region;
  const accountId = options.accountId ?? DEFAULTS.accountId;
  // The defaults shaped by the options, or the workflow a synthesized template deploys.
  const workflow = resolveWorkflow(options, region, accountId);
  const { bucket, outputBucket, stateMachineName } = workflow;
  const logger = options.logger ?? createStderrLogger('sizegate-local');
  const temporaryDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sizegate-local-'));
  mkdirSync(dataDir, { recursive: true });

  const s3Service = await createS3Service({
    directory: join(dataDir, 's3'),
    buckets: [...new Set([bucket, outputBucket])],
    region,
    logger,
  });
  let stepFunctions: StepFunctionsService | undefined;
  const front = await startFrontServer({
    host: options.host ?? DEFAULTS.host,
    port: options.port ?? DEFAULTS.port,
    s3: s3Service,
    stepFunctions: () => stepFunctions,
    logger,
  });
  const { endpoint } = front;

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
  const functionDeps = { s3, sfn, logger, processors: options.processors };

  stepFunctions = createStepFunctionsService({
    region,
    accountId,
    stateMachineName,
    definition: workflow.definition,
    functions: taskFunctions(workflow, functionDeps),
    logger,
  });
  const startExecution = starterInvoker(workflow, functionDeps);

  const dispatcher = createNotificationDispatcher({
    deliver: async (event) => {
      await startExecution(triggerEvent(workflow, event, accountId));
    },
    logger,
  });
  const unsubscribe = s3Service.onObjectCreated((record) => {
    // As on AWS, only uploads the trigger's bucket, event types and key filter select start an execution.
    if (triggers(workflow, record)) dispatcher.enqueue(record);
  });

  const sfnService = stepFunctions;
  return {
    endpoint,
    region,
    bucket,
    stateMachineArn: sfnService.stateMachineArn,
    async idle() {
      // Executions started by notifications may finish after the last notification is delivered.
      await dispatcher.idle();
      await sfnService.idle();
    },
    async close() {
      unsubscribe();
      await dispatcher.close();
      await sfnService.close();
      s3.destroy();
      sfn.destroy();
      await front.close();
      await s3Service.close();
      if (temporaryDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
