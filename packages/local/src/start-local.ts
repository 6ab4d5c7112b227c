import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createHandler as createCheckSize } from '@sizegate/check-size';
import { createHandler as createProcessFile } from '@sizegate/process-file';
import { createHandler as createStartExecution } from '@sizegate/start-execution';
import { buildDefinition } from '@sizegate/state-machine';
import { DEFAULT_OUTPUT_PREFIX, STATE_NAMES } from '@sizegate/types';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFrontServer } from './http-server.js';
import { createStderrLogger } from './logger.js';
import { createNotificationDispatcher } from './notifications/dispatcher.js';
import { DEFAULTS, type LocalRuntime, type StartLocalOptions } from './options.js';
import { createS3Service } from './s3/service.js';
import { createStepFunctionsService, type StepFunctionsService } from './sfn/service.js';

/** Credentials the runtime's own clients use; the runtime accepts any. */
const LOCAL_CREDENTIALS = { accessKeyId: 'sizegate-local', secretAccessKey: 'sizegate-local' };

/**
 * Starts S3 and Step Functions on one endpoint, with the sizegate state machine running the real
 * handler packages in process. Uploads into the incoming bucket start executions, as on AWS.
 */
export async function startLocal(options: StartLocalOptions = {}): Promise<LocalRuntime> {
  const region = options.region ?? DEFAULTS.region;
  const accountId = options.accountId ?? DEFAULTS.accountId;
  const bucket = options.bucket ?? DEFAULTS.bucket;
  const stateMachineName = options.stateMachineName ?? DEFAULTS.stateMachineName;
  const outputBucket = options.outputBucket ?? bucket;
  const outputPrefix = options.outputPrefix ?? DEFAULT_OUTPUT_PREFIX;
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
  const functionArn = (name: string) => `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  const checkSizeName = `${stateMachineName}-check-size`;
  const processFileName = `${stateMachineName}-process-file`;

  stepFunctions = createStepFunctionsService({
    region,
    accountId,
    stateMachineName,
    definition: buildDefinition({
      minSizeBytes: options.minSizeBytes,
      checkSizeFunctionArn: functionArn(checkSizeName),
      processFileFunctionArn: functionArn(processFileName),
    }),
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

  const dispatcher = createNotificationDispatcher({
    deliver: async (event) => {
      await startExecution(event);
    },
    logger,
  });
  const unsubscribe = s3Service.onObjectCreated((record) => {
    if (record.s3.bucket.name === bucket) dispatcher.enqueue(record);
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
