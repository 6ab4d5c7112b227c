export { createHandler } from './handler.js';
export type { ProcessFileDeps, ProcessFileHandler } from './handler.js';
export type { ProcessFileEvent } from './input.js';
export type { ProcessedObject, Processor, ProcessorRun } from './processor.js';
export { readConfig } from './config.js';
export type { ProcessFileConfig } from './config.js';
export { ProcessorError } from './errors.js';
export { handler } from './lambda.js';
export {
  InvalidInput,
  ObjectNotFound,
  AccessDenied,
  ObjectChanged,
  ObjectReadFailed,
  ManifestWriteFailed,
  ManifestWriteThrottled,
  ConfigurationError,
} from '@sizegate/types';
export type { Manifest, SniffedContentType, SizeCheckResult, LoggerLike } from '@sizegate/types';
