import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/** How new objects reach the start-execution Lambda. */
export type SizeGateTrigger = 's3-notification' | 'eventbridge';

/** Settings of one of the Lambda functions SizeGate creates. */
export interface SizeGateFunctionProps {
  /**
   * Memory of the function, in MiB.
   * @default 256 (check-size, start-execution), 1024 (process-file: it hashes whole objects)
   */
  readonly memorySize?: number;
  /**
   * Function timeout.
   * @default 30 seconds (check-size, start-execution), 15 minutes (process-file)
   */
  readonly timeout?: Duration;
  /**
   * Reserved concurrent executions.
   * @default - no reservation (the account's unreserved pool)
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Application log level (the function logs structured JSON; Powertools reads this level).
   * @default lambda.ApplicationLogLevel.INFO
   */
  readonly logLevel?: lambda.ApplicationLogLevel;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Environment variables added to the ones SizeGate sets. Names starting with `SIZEGATE_` are
   * rejected: SizeGate owns them.
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/** Execution logging of the state machine. */
export interface SizeGateLoggingProps {
  /**
   * Log group the state machine writes execution events to.
   * @default - a new log group (retention below, removal policy of the construct)
   */
  readonly logGroup?: logs.ILogGroup;
  /**
   * Which execution events are logged.
   * @default sfn.LogLevel.ALL
   */
  readonly level?: sfn.LogLevel;
  /**
   * Whether state inputs and outputs are logged (object keys, sizes and manifests; never object contents).
   * @default true
   */
  readonly includeExecutionData?: boolean;
  /**
   * Retention of the log group SizeGate creates (ignored with `logGroup`).
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly retention?: logs.RetentionDays;
}

export interface SizeGateProps {
  /**
   * An existing bucket whose new objects are gated. Mutually exclusive with `bucketProps`.
   * @default - a new bucket with secure defaults (see `bucketProps`)
   */
  readonly existingBucketObj?: s3.IBucket;
  /**
   * Properties of the bucket SizeGate creates, applied over its secure defaults (block all public
   * access, enforce SSL, S3-managed encryption, versioning, expiry of noncurrent versions after
   * 30 days, server access logs to a companion bucket). Mutually exclusive with `existingBucketObj`.
   * @default - the secure defaults
   */
  readonly bucketProps?: s3.BucketProps;
  /**
   * Where process-file writes manifests.
   * @default - the gated bucket
   */
  readonly outputBucket?: s3.IBucket;
  /**
   * Key prefix of every manifest (`<outputPrefix><key>.manifest.json`). In the gated bucket, keys
   * under it never start executions. Must be non-empty.
   * @default 'processed/'
   */
  readonly outputPrefix?: string;
  /**
   * Objects of at least this many bytes are processed; smaller ones end in NotifyFileTooSmall.
   * A non-negative integer, baked into the state machine definition.
   * @default 2_000_000
   */
  readonly minSizeBytes?: number;
  /**
   * Only keys starting with this prefix start executions.
   * @default - every key
   */
  readonly keyPrefix?: string;
  /**
   * Only keys ending with this suffix start executions.
   * @default - every key
   */
  readonly keySuffix?: string;
  /**
   * How new objects reach the start-execution Lambda: S3 event notifications, or EventBridge
   * "Object Created" events (SizeGate turns on EventBridge delivery for the bucket).
   * @default 's3-notification'
   */
  readonly trigger?: SizeGateTrigger;
  /** @default - see SizeGateFunctionProps */
  readonly checkSizeFunctionProps?: SizeGateFunctionProps;
  /** @default - see SizeGateFunctionProps */
  readonly processFileFunctionProps?: SizeGateFunctionProps;
  /** @default - see SizeGateFunctionProps */
  readonly startExecutionFunctionProps?: SizeGateFunctionProps;
  /**
   * Your own ProcessFile function. It must honour the process-file contract: take check-size's
   * result (`{ bucket, key, versionId, size, etag }`) and return the manifest. SizeGate adds its
   * read and manifest-write permissions to the function's role and does not change its code or
   * environment. Mutually exclusive with `processFileFunctionProps`.
   * @default - a function from @sizegate/process-file's pre-built bundle
   */
  readonly existingProcessFileFunction?: lambda.IFunction;
  /**
   * X-Ray active tracing of the functions and the state machine.
   * @default true
   */
  readonly tracing?: boolean;
  /** @default - a new log group, level ALL, execution data included, three months' retention */
  readonly logging?: SizeGateLoggingProps;
  /**
   * CloudWatch alarms on failed, timed-out and throttled executions and on the dead-letter queue's depth.
   * @default true
   */
  readonly alarms?: boolean;
  /**
   * SNS topic every alarm notifies (alarm state).
   * @default - the alarms have no action
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Removal policy of what SizeGate creates and keeps data in: buckets, log groups and the
   * dead-letter queue. With DESTROY, CloudFormation deletes created buckets only when they are empty.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** What the alarms watch, for documentation and tests. */
export type SizeGateAlarmName = 'ExecutionsFailed' | 'ExecutionsTimedOut' | 'ExecutionThrottled' | 'DeadLetterQueueDepth';
