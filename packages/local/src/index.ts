/**
 * @sizegate/local — the embedded runtime: S3 (@sizegate/s3-local) and Step Functions
 * (@sizegate/sfn-local) on one endpoint, with the real sizegate handlers running in process.
 *
 * `startLocal()` is the whole runtime; the lower-level services are re-exported for tools that
 * compose their own (for example a different state machine definition or extra buckets).
 */
export { startLocal } from './start-local.js';
export type { StartLocalOptions, LocalRuntime } from './options.js';
export { DEFAULTS } from './options.js';
export { createStderrLogger, silentLogger } from './logger.js';
// The two services the runtime wires together, re-exported from their own packages.
export { createS3Service } from '@sizegate/s3-local';
export type { S3Service, S3ServiceOptions, S3EventRecord, S3NotificationEvent, ObjectCreatedEventName } from '@sizegate/s3-local';
export { createStepFunctionsService, createLambdaContext } from '@sizegate/sfn-local';
export type {
  StepFunctionsService,
  StepFunctionsServiceOptions,
  StepFunctionsResponse,
  LambdaContext,
  LambdaContextOptions,
  LocalFunctionHandler,
  TaskFault,
} from '@sizegate/sfn-local';
export { createNotificationDispatcher } from './notifications/dispatcher.js';
export type { NotificationDispatcher, NotificationDispatcherOptions } from './notifications/dispatcher.js';
export type { DeliveryOptions, EventShape } from './notifications/delivery-options.js';
export {
  workflowFromTemplate,
  stateMachineNameFromPath,
  METADATA as TEMPLATE_METADATA,
  DEFAULT_TEMPLATE_BUCKET,
} from './template/workflow-from-template.js';
export type { WorkflowFromTemplateOptions } from './template/workflow-from-template.js';
export { loadTemplate } from './template/load.js';
export type { CfnTemplate, CfnResource, LoadedTemplate, TemplateSource } from './template/load.js';
export { createResolver } from './template/intrinsics.js';
export type { Resolver, ResolverOptions, ResolverScope } from './template/intrinsics.js';
export { defaultWorkflowConfig } from './workflow/config.js';
export type { LocalWorkflowConfig, LocalFunctionSpec, KeyFilter, TriggerKind, BuiltInHandler } from './workflow/config.js';
export { matchesKeyFilter, toEventBridgeEvent } from './workflow/trigger.js';
