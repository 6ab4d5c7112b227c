import { DEFAULT_MIN_SIZE_BYTES, DEFAULT_STATE_CAUSE, DEFAULT_STATE_ERROR, MESSAGES, STATE_NAMES } from '@sizegate/types';
import type { ChoiceState, FailState, PassState, Retrier, StateMachineDefinition, TaskState } from './asl-types.js';
import {
  DEFAULT_CHECK_SIZE_TIMEOUT_SECONDS,
  DEFAULT_MANIFEST_WRITE_RETRY,
  DEFAULT_PROCESS_FILE_TIMEOUT_SECONDS,
  DEFAULT_READ_RETRY,
  DEFAULT_RETRY,
  DEFINITION_SUBSTITUTIONS,
  LAMBDA_INVOKE_RESOURCE,
  RETRYABLE_LAMBDA_ERRORS,
  RETRYABLE_MANIFEST_WRITE_ERRORS,
  RETRYABLE_READ_ERRORS,
} from './constants.js';
import type { DefinitionOptions } from './definition-options.js';
import { validateOptions } from './validate-options.js';

const substitution = (name: string): string => `\${${name}}`;

/**
 * Builds the sizegate workflow as an Amazon States Language definition:
 * CheckFileSize → ChoiceState → ProcessFile → NotifyOk | NotifyFileTooSmall | DefaultState.
 *
 * @throws InvalidDefinitionOptions listing every invalid option at once.
 */
export function buildDefinition(options: DefinitionOptions = {}): StateMachineDefinition {
  validateOptions(options);
  const minSizeBytes = options.minSizeBytes ?? DEFAULT_MIN_SIZE_BYTES;
  const retry: Retrier = {
    ErrorEquals: [...RETRYABLE_LAMBDA_ERRORS],
    IntervalSeconds: options.retry?.intervalSeconds ?? DEFAULT_RETRY.intervalSeconds,
    MaxAttempts: options.retry?.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    BackoffRate: options.retry?.backoffRate ?? DEFAULT_RETRY.backoffRate,
    MaxDelaySeconds: options.retry?.maxDelaySeconds ?? DEFAULT_RETRY.maxDelaySeconds,
    JitterStrategy: 'FULL',
  };
  // After the Lambda service-error retrier; Step Functions counts the attempts of each retrier apart.
  const readRetry: Retrier = {
    ErrorEquals: [...RETRYABLE_READ_ERRORS],
    IntervalSeconds: options.readRetry?.intervalSeconds ?? DEFAULT_READ_RETRY.intervalSeconds,
    MaxAttempts: options.readRetry?.maxAttempts ?? DEFAULT_READ_RETRY.maxAttempts,
    BackoffRate: options.readRetry?.backoffRate ?? DEFAULT_READ_RETRY.backoffRate,
  };
  // ProcessFile only: it is the one task that writes. A permanent write failure (ManifestWriteFailed)
  // is in no retrier and fails the execution at once.
  const manifestWriteRetry: Retrier = {
    ErrorEquals: [...RETRYABLE_MANIFEST_WRITE_ERRORS],
    IntervalSeconds: options.manifestWriteRetry?.intervalSeconds ?? DEFAULT_MANIFEST_WRITE_RETRY.intervalSeconds,
    MaxAttempts: options.manifestWriteRetry?.maxAttempts ?? DEFAULT_MANIFEST_WRITE_RETRY.maxAttempts,
    BackoffRate: options.manifestWriteRetry?.backoffRate ?? DEFAULT_MANIFEST_WRITE_RETRY.backoffRate,
    MaxDelaySeconds: options.manifestWriteRetry?.maxDelaySeconds ?? DEFAULT_MANIFEST_WRITE_RETRY.maxDelaySeconds,
    JitterStrategy: 'FULL',
  };

  const checkFileSize: TaskState = {
    Type: 'Task',
    Comment: 'HeadObject: the object size, version and ETag (check-size Lambda)',
    Resource: LAMBDA_INVOKE_RESOURCE,
    Parameters: {
      FunctionName: options.checkSizeFunctionArn ?? substitution(DEFINITION_SUBSTITUTIONS.checkSizeFunctionArn),
      'Payload.$': '$',
    },
    // Lift the handler's result out of the lambda:invoke envelope ({ Payload, StatusCode, ... }).
    OutputPath: '$.Payload',
    TimeoutSeconds: options.checkSizeTimeoutSeconds ?? DEFAULT_CHECK_SIZE_TIMEOUT_SECONDS,
    Retry: [retry, readRetry],
    Next: STATE_NAMES.choice,
  };

  const choice: ChoiceState = {
    Type: 'Choice',
    Comment: `Process objects of at least ${minSizeBytes} bytes`,
    // The guards come first: comparing a missing path fails the execution with States.Runtime on
    // AWS, and a non-numeric size must not reach the numeric rules.
    Choices: [
      { Not: { Variable: '$.size', IsPresent: true }, Next: STATE_NAMES.defaultState },
      { Not: { Variable: '$.size', IsNumeric: true }, Next: STATE_NAMES.defaultState },
      { Variable: '$.size', NumericGreaterThanEquals: minSizeBytes, Next: STATE_NAMES.processFile },
      { Variable: '$.size', NumericLessThan: minSizeBytes, Next: STATE_NAMES.notifyFileTooSmall },
    ],
    Default: STATE_NAMES.defaultState,
  };

  const processFile: TaskState = {
    Type: 'Task',
    Comment: 'Stream the sized version once: SHA-256, bytes, lines, content type → manifest (process-file Lambda)',
    Resource: LAMBDA_INVOKE_RESOURCE,
    Parameters: {
      FunctionName: options.processFileFunctionArn ?? substitution(DEFINITION_SUBSTITUTIONS.processFileFunctionArn),
      'Payload.$': '$',
    },
    ResultSelector: { 'manifest.$': '$.Payload' },
    ResultPath: '$.processed',
    TimeoutSeconds: options.processFileTimeoutSeconds ?? DEFAULT_PROCESS_FILE_TIMEOUT_SECONDS,
    Retry: [retry, readRetry, manifestWriteRetry],
    Next: STATE_NAMES.notifyOk,
  };

  // Parameters (not Result) build the outputs, so they carry which object the message is about.
  const notifyOk: PassState = {
    Type: 'Pass',
    Parameters: {
      Message: MESSAGES.processedOk,
      'bucket.$': '$.bucket',
      'key.$': '$.key',
      'versionId.$': '$.versionId',
      'size.$': '$.size',
      'manifest.$': '$.processed.manifest',
    },
    End: true,
  };

  const notifyFileTooSmall: PassState = {
    Type: 'Pass',
    Parameters: {
      Message: MESSAGES.notBigEnough,
      'bucket.$': '$.bucket',
      'key.$': '$.key',
      'versionId.$': '$.versionId',
      'size.$': '$.size',
    },
    End: true,
  };

  const defaultState: FailState = {
    Type: 'Fail',
    Comment: 'The size is missing or not a number',
    Error: DEFAULT_STATE_ERROR,
    Cause: DEFAULT_STATE_CAUSE,
  };

  return {
    Comment: `sizegate: process S3 objects of at least ${minSizeBytes} bytes`,
    StartAt: STATE_NAMES.checkFileSize,
    States: {
      [STATE_NAMES.checkFileSize]: checkFileSize,
      [STATE_NAMES.choice]: choice,
      [STATE_NAMES.processFile]: processFile,
      [STATE_NAMES.notifyOk]: notifyOk,
      [STATE_NAMES.notifyFileTooSmall]: notifyFileTooSmall,
      [STATE_NAMES.defaultState]: defaultState,
    },
  };
}
