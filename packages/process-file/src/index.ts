export { createHandler } from './handler.js';
export type { ProcessFileDeps, ProcessFileHandler } from './handler.js';
export type { ProcessFileEvent } from './input.js';
export type { ProcessedObject, Processor, ProcessorRun } from './processor.js';
export type { ProcessFileConfig } from './config.js';
export { ManifestWriteFailed, ProcessorError } from './errors.js';
export { handler } from './lambda.js';
export { InvalidInput, ObjectNotFound, AccessDenied, ObjectChanged, ObjectReadFailed, ConfigurationError } from '@sizegate/types';
export type { Manifest, SniffedContentType, SizeCheckResult, LoggerLike } from '@sizegate/types';
