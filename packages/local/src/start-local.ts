import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3Service } from '@sizegate/s3-local';
import {
  checkClockMode,
  checkFaults,
  checkTimeScale,
  createStepFunctionsEndpoint,
  faultText,
  stateMachineArnOf,
} from '@sizegate/sfn-local/endpoint';
import { listenOn, type Listen } from '@sizegate/types/request-guard';
import { startFrontServer } from './http-server.js';
import { createStderrLogger } from './logger.js';
import { checkDeliveryOptions } from './notifications/delivery-options.js';
import { createNotificationDispatcher } from './notifications/dispatcher.js';
import { DEFAULTS, type LocalRuntime, type StartLocalOptions } from './options.js';
import { recoverAtStart } from './recovery.js';
import { signatureSettings } from './signatures.js';
import type { Workflow } from './workflow.js';
import { resolveWorkflow } from './workflow/resolve.js';
import { triggerEvent, triggers } from './workflow/trigger.js';

/**
 * Starts S3 and Step Functions on one endpoint, with the sizegate state machine running the real
 * handler packages in process. Uploads into the incoming bucket start executions, as on AWS.
 */
export function startLocal(options: StartLocalOptions = {}): Promise<LocalRuntime> {
  return startLocalWith(options, listenOn);
}

/**
 * startLocal with the bind step given (not exported from the package): tests start the runtime
 * told to bind a wide address through a `listen` that binds 127.0.0.1.
 */
export async function startLocalWith(options: StartLocalOptions, listen: Listen): Promise<LocalRuntime> {
  const region = options.region ?? DEFAULTS.region;
  const accountId = options.accountId ?? DEFAULTS.accountId;
  // The defaults shaped by the options, or the workflow a synthesized template deploys. Resolved
  // now, not on first use, so bad options or a bad template fail startLocal().
  checkDeliveryOptions(options.delivery, options.eventShape);
  const config = resolveWorkflow(options, region, accountId);
  checkTimeScale(options.timeScale);
  checkClockMode(options.clock);
  checkFaults(options.faults, config.definition);
  const signatures = signatureSettings(options, region);
  // An explicit eventShape wins over the trigger a template declares (it only changes the shape
  // delivered: which uploads trigger is still the template's).
  const shapedConfig =
    options.eventShape === undefined
      ? config
      : { ...config, trigger: options.eventShape === 'eventbridge' ? ('eventbridge' as const) : ('s3-notification' as const) };
  const { bucket, outputBucket } = config;
  const logger = options.logger ?? createStderrLogger('sizegate-local');
  const faults = options.faults ?? [];
  if (faults.length > 0 || (options.timeScale ?? 1) !== 1) {
    // Said at start, so a run whose executions fail on purpose (or finish suspiciously fast) is not a mystery.
    logger.warn('Faults injected and time scaled', { faults: faults.map(faultText), timeScale: options.timeScale ?? 1 });
  }
  const temporaryDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sizegate-local-'));
  mkdirSync(dataDir, { recursive: true });
  // Executions and their histories: loaded again by the next start with this data dir.
  const executionsDirectory = join(dataDir, 'stepfunctions');

  const s3Service = await createS3Service({
    directory: join(dataDir, 's3'),
    buckets: [...new Set([bucket, outputBucket])],
    region,
    logger,
    ...signatures.s3,
  });
  // The Step Functions side (engine, SDK clients, handlers) is loaded on first use: the first
  // Step Functions request or the first upload that triggers. Until then `serve` holds only the
  // S3 side, which is what makes it start fast and idle small.
  let workflow: Promise<Workflow> | undefined;
  let endpoint = '';
  const loadWorkflow = (): Promise<Workflow> =>
    (workflow ??= import('./workflow.js').then(({ createWorkflow }) =>
      createWorkflow({
        endpoint,
        region,
        accountId,
        config,
        processors: options.processors,
        faults: options.faults,
        timeScale: options.timeScale,
        clock: options.clock,
        mapStateExitedAfter: options.mapStateExitedAfter,
        lambdaFunctions: options.lambdaFunctions,
        functionsDir: options.functionsDir,
        logger,
        persistDirectory: executionsDirectory,
        credentials: signatures.runtimeCredentials,
      }),
    ));
  const stepFunctions = async () => (await loadWorkflow()).stepFunctions;
  const stateMachineArn = stateMachineArnOf({ region, accountId }, config.stateMachineName);
  const front = await startFrontServer({
    host: options.host ?? DEFAULTS.host,
    port: options.port ?? DEFAULTS.port,
    listen,
    allowedHosts: options.allowedHosts,
    // Step Functions claims its calls by the protocol without loading the engine; S3 takes the rest.
    services: [createStepFunctionsEndpoint({ service: stepFunctions, logger, ...signatures.stepFunctions }), s3Service],
    logger,
    console: { bucket, definition: config.definition, stateMachineArn, workflow: config, stepFunctions },
  });
  endpoint = front.endpoint;
  // Custom processors, a template's functions and the functions by name are checked when the
  // Step Functions side is built: build it now, so a bad one fails startLocal(). (The plain CLI has
  // none of them and stays lazy.)
  const checkNow =
    (options.processors !== undefined && options.processors.length > 0) ||
    options.template !== undefined ||
    options.lambdaFunctions !== undefined ||
    options.functionsDir !== undefined;
  if (checkNow) {
    try {
      await loadWorkflow();
    } catch (error) {
      await front.close();
      await s3Service.close();
      if (temporaryDataDir) rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  const dispatcher = createNotificationDispatcher({
    deliver: async (event) => {
      await (await loadWorkflow()).startExecution(triggerEvent(shapedConfig, event, accountId));
    },
    logger,
    ...(options.delivery === undefined ? {} : { delivery: options.delivery }),
  });
  const unsubscribe = s3Service.onObjectCreated((record) => {
    // As on AWS, only uploads the trigger's bucket, event types and key filter select start an execution.
    if (triggers(config, record)) dispatcher.enqueue(record);
  });
  // Before the runtime reports ready: a restart first resumes what the last run left (on a fresh
  // data dir this is one empty listing, and the Step Functions side stays unloaded).
  await recoverAtStart({ endpoint, bucket, executionsDirectory, loadWorkflow, logger, requestHeaders: signatures.signedGetHeaders });
  /** The Step Functions side if it was ever loaded (a failed load counts as not loaded). */
  const loadedWorkflow = async (): Promise<Workflow | undefined> => workflow?.catch(() => undefined);

  return {
    endpoint,
    region,
    bucket,
    stateMachineArn,
    async idle() {
      // Executions started by notifications may finish after the last notification is delivered.
      await dispatcher.idle();
      await (await loadedWorkflow())?.stepFunctions.idle();
    },
    async close() {
      unsubscribe();
      await dispatcher.close();
      await (await loadedWorkflow())?.close();
      await front.close();
      await s3Service.close();
      if (temporaryDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
