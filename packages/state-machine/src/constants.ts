/** The Step Functions optimized Lambda integration the Task states use. */
export const LAMBDA_INVOKE_RESOURCE = 'arn:aws:states:::lambda:invoke';

/**
 * Names of the definition substitutions for the function ARNs. Step Functions (and CDK's
 * `definitionSubstitutions`) replace `${Name}` in the definition at deploy time.
 */
export const DEFINITION_SUBSTITUTIONS = {
  checkSizeFunctionArn: 'CheckSizeFunctionArn',
  processFileFunctionArn: 'ProcessFileFunctionArn',
} as const;

/** Transient Lambda service errors worth retrying; handler errors are not retried. */
export const RETRYABLE_LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

/**
 * Handler errors worth another attempt: ObjectReadFailed (@sizegate/types), a HeadObject or
 * GetObject that timed out or lost its connection mid-way. Every other handler error fails the
 * execution at once.
 */
export const RETRYABLE_READ_ERRORS = ['ObjectReadFailed'] as const;

export const DEFAULT_CHECK_SIZE_TIMEOUT_SECONDS = 60;
/** The Lambda maximum: process-file streams whole objects, which can be large. */
export const DEFAULT_PROCESS_FILE_TIMEOUT_SECONDS = 900;

export const DEFAULT_RETRY = {
  intervalSeconds: 2,
  maxAttempts: 6,
  backoffRate: 2,
  maxDelaySeconds: 60,
} as const;

/** Retry of RETRYABLE_READ_ERRORS: two more attempts, after 2 s and 4 s. */
export const DEFAULT_READ_RETRY = {
  intervalSeconds: 2,
  maxAttempts: 2,
  backoffRate: 2,
} as const;
