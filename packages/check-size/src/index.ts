export { createHandler } from './handler.js';
export type { CheckSizeDeps, CheckSizeEvent, CheckSizeHandler } from './handler.js';
export { readConfig } from './config.js';
export type { CheckSizeConfig, ObjectFallback } from './config.js';
export { handler } from './lambda.js';
export { InvalidInput, ObjectNotFound, AccessDenied, ObjectReadFailed } from '@sizegate/types';
export type { ObjectRef, SizeCheckResult, LoggerLike } from '@sizegate/types';
