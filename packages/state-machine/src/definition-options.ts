// The options of buildDefinition, on their own: build-definition.ts and validate-options.ts both
// read them, and neither imports the other's module for them (no import cycle).

/** How the transient Lambda errors are retried. */
export interface RetryOptions {
  /** @default 2 */
  readonly intervalSeconds?: number;
  /** @default 6 */
  readonly maxAttempts?: number;
  /** @default 2 */
  readonly backoffRate?: number;
  /** @default 60 */
  readonly maxDelaySeconds?: number;
}

/** How a transient read failure of a handler (ObjectReadFailed) is retried. */
export interface ReadRetryOptions {
  /** @default 2 */
  readonly intervalSeconds?: number;
  /** @default 2 (0: never retried) */
  readonly maxAttempts?: number;
  /** @default 2 */
  readonly backoffRate?: number;
}

/** How a manifest write that failed for a transient cause (ManifestWriteThrottled) is retried. */
export interface ManifestWriteRetryOptions {
  /** @default 2 */
  readonly intervalSeconds?: number;
  /** @default 3 (0: never retried) */
  readonly maxAttempts?: number;
  /** @default 2 */
  readonly backoffRate?: number;
  /** @default 30 */
  readonly maxDelaySeconds?: number;
}

export interface DefinitionOptions {
  /**
   * Objects of at least this many bytes are processed; smaller ones end in NotifyFileTooSmall.
   * Baked into the definition as a number.
   * @default 2_000_000
   */
  readonly minSizeBytes?: number;
  /**
   * ARN (or anything Step Functions accepts as FunctionName) of the check-size Lambda.
   * @default '${CheckSizeFunctionArn}' (a definition substitution)
   */
  readonly checkSizeFunctionArn?: string;
  /**
   * ARN of the process-file Lambda.
   * @default '${ProcessFileFunctionArn}' (a definition substitution)
   */
  readonly processFileFunctionArn?: string;
  /** @default 60 */
  readonly checkSizeTimeoutSeconds?: number;
  /** @default 900 (the Lambda maximum) */
  readonly processFileTimeoutSeconds?: number;
  /** Retry policy for transient Lambda service errors. */
  readonly retry?: RetryOptions;
  /** Retry policy for ObjectReadFailed: a HeadObject/GetObject that timed out or lost its connection. */
  readonly readRetry?: ReadRetryOptions;
  /**
   * Retry policy (with full jitter) of ProcessFile for ManifestWriteThrottled: the manifest's
   * PutObject was throttled, answered a 5xx, timed out or lost its connection. Each attempt streams
   * the object again before it writes.
   */
  readonly manifestWriteRetry?: ManifestWriteRetryOptions;
}
