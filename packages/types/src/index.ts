export {
  DEFAULT_MIN_SIZE_BYTES,
  DEFAULT_OUTPUT_PREFIX,
  MANIFEST_SUFFIX,
  STATE_NAMES,
  MESSAGES,
  DEFAULT_STATE_ERROR,
  DEFAULT_STATE_CAUSE,
  ENV,
  LOCAL_CREDENTIALS,
} from './constants.js';
export type { StateName } from './constants.js';
export {
  SizegateError,
  InvalidInput,
  InvalidEvent,
  ObjectNotFound,
  AccessDenied,
  ObjectChanged,
  ObjectReadFailed,
  ManifestWriteThrottled,
  ManifestWriteFailed,
  ConfigurationError,
  StartExecutionFailed,
} from './errors.js';
export type { ErrorLocation } from './errors.js';
export { describeFailure, isTransientReadFailure, isTransientWriteFailure } from './read-failures.js';
export { errorMessage, errorName, httpStatusOf, withoutRawResponse } from './sdk-errors.js';
export {
  isDeleteMarkerVersion,
  isKmsAccessDenied,
  isS3AccessDenied,
  isS3NotFound,
  isS3ServerError,
  isThrottling,
} from './s3-error-kinds.js';
export { optionalEnv, requireEnv } from './env.js';
export type { ObjectRef } from './types/object-ref.js';
export type { SizeCheckResult } from './types/size-check.js';
export type { Manifest, SniffedContentType } from './types/manifest.js';
export type { ProcessedOutput, TooSmallOutput, WorkflowOutput } from './types/workflow-output.js';
export type { LoggerLike } from './types/logger.js';
export { checkOutputPrefix, isOwnOutput, outputPrefixProblem, ownOutputReason } from './output-location.js';
export type { OutputLocation } from './output-location.js';
export {
  bucketArnOf,
  executionArnOf,
  executionArnOfStateMachine,
  expressExecutionArnOf,
  lambdaFunctionArnOf,
  mapRunArnOf,
  roleArnOf,
  snsTopicArnOf,
  stateMachineArnOf,
} from './arns.js';
export type { ArnScope, PartitionScope } from './arns.js';
export { silentLogger } from './silent-logger.js';
