/**
 * @sizegate/local — the embedded runtime: S3 and Step Functions on one endpoint, with the real
 * sizegate handlers running in process.
 *
 * `startLocal()` is the whole runtime; the lower-level services are exported for tools that
 * compose their own (for example a different state machine definition or extra buckets).
 */
export { startLocal } from './start-local.js';
export type { StartLocalOptions, LocalRuntime } from './options.js';
export { DEFAULTS } from './options.js';
export type { TaskFault } from './faults.js';
export { createStderrLogger, silentLogger } from './logger.js';
export { createS3Service } from './s3/service.js';
export type { S3Service, S3ServiceOptions } from './s3/service.js';
export type { S3EventRecord, S3NotificationEvent, ObjectCreatedEventName } from './s3/event-record.js';
export { createStepFunctionsService } from './sfn/service.js';
export type {
  StepFunctionsService,
  StepFunctionsServiceOptions,
  StepFunctionsResponse,
  LambdaContext,
  LocalFunctionHandler,
} from './sfn/service.js';
export { createLambdaContext } from './lambda/context.js';
export type { LambdaContextOptions } from './lambda/context.js';
export { createNotificationDispatcher } from './notifications/dispatcher.js';
export type { NotificationDispatcher, NotificationDispatcherOptions } from './notifications/dispatcher.js';
export type { DeliveryOptions, EventShape } from './notifications/delivery-options.js';
export { workflowFromTemplate, stateMachineNameFromPath, METADATA as TEMPLATE_METADATA, DEFAULT_TEMPLATE_BUCKET } from './template/workflow-from-template.js';
export type { WorkflowFromTemplateOptions } from './template/workflow-from-template.js';
export { loadTemplate } from './template/load.js';
export type { CfnTemplate, CfnResource, LoadedTemplate, TemplateSource } from './template/load.js';
export { createResolver } from './template/intrinsics.js';
export type { Resolver, ResolverOptions, ResolverScope } from './template/intrinsics.js';
export { defaultWorkflowConfig } from './workflow/config.js';
export type { LocalWorkflowConfig, LocalFunctionSpec, KeyFilter, TriggerKind, BuiltInHandler } from './workflow/config.js';
export { matchesKeyFilter, toEventBridgeEvent } from './workflow/trigger.js';
