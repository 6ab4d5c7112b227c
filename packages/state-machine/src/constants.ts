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

/**
 * ProcessFile errors of a manifest write that failed for a transient cause: ManifestWriteThrottled
 * (@sizegate/types), PutObject throttled (503 SlowDown, 429), answered a 5xx, timed out or lost its
 * connection. ManifestWriteFailed (a write another attempt would not change) is not among them.
 */
export const RETRYABLE_MANIFEST_WRITE_ERRORS = ['ManifestWriteThrottled'] as const;

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

/**
 * Retry of RETRYABLE_MANIFEST_WRITE_ERRORS: three more attempts, after up to 2 s, 4 s and 8 s. Full
 * jitter, as for the Lambda throttling retrier: executions S3 throttled together do not all come
 * back at the same instant.
 */
export const DEFAULT_MANIFEST_WRITE_RETRY = {
  intervalSeconds: 2,
  maxAttempts: 3,
  backoffRate: 2,
  maxDelaySeconds: 30,
} as const;
