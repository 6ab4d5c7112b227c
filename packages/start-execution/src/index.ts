export { createHandler, DEFAULT_CONCURRENCY } from './handler.js';
export type {
  RecordResult,
  RecordStatus,
  StartExecutionDeps,
  StartExecutionFailure,
  StartExecutionHandler,
  StartExecutionResponse,
} from './handler.js';
export { backfill } from './backfill.js';
export type { BackfillFailure, BackfillOptions, BackfillProgress, BackfillSummary } from './backfill.js';
export { executionNameFor } from './execution-name.js';
export type { ExecutionNameInput } from './execution-name.js';
export type {
  DirectInput,
  ObjectRecord,
  S3EventBridgeEvent,
  S3NotificationEvent,
  S3NotificationRecord,
  S3TestEvent,
  StartExecutionEvent,
} from './events.js';
export { readConfig } from './config.js';
export type { StartExecutionConfig } from './config.js';
export { handler } from './lambda.js';
export { InvalidEvent, StartExecutionFailed, ConfigurationError } from '@sizegate/types';
export type { LoggerLike, ObjectRef } from '@sizegate/types';
