export { buildDefinition } from './build-definition.js';
export type { DefinitionOptions, ManifestWriteRetryOptions, ReadRetryOptions, RetryOptions } from './definition-options.js';
export {
  DEFINITION_SUBSTITUTIONS,
  LAMBDA_INVOKE_RESOURCE,
  RETRYABLE_LAMBDA_ERRORS,
  RETRYABLE_READ_ERRORS,
  RETRYABLE_MANIFEST_WRITE_ERRORS,
  DEFAULT_CHECK_SIZE_TIMEOUT_SECONDS,
  DEFAULT_PROCESS_FILE_TIMEOUT_SECONDS,
  DEFAULT_RETRY,
  DEFAULT_READ_RETRY,
  DEFAULT_MANIFEST_WRITE_RETRY,
} from './constants.js';
export { InvalidDefinitionOptions } from './errors.js';
export type {
  StateMachineDefinition,
  State,
  TaskState,
  ChoiceState,
  ChoiceRule,
  PassState,
  FailState,
  Retrier,
} from './asl-types.js';
