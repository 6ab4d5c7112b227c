import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DEFAULT_MIN_SIZE_BYTES, DEFAULT_OUTPUT_PREFIX, ENV } from '#sizegate-deps';
import { createAlarms } from './alarms.js';
import { createOrUseBucket } from './bucket.js';
import { createHandlerFunction } from './functions.js';
import { acknowledgeObjectWildcards, readObjectStatements, startExecutionStatement, writeManifestStatements } from './permissions.js';
import type { SizeGateProps } from './props.js';
import { createWorkflow } from './state-machine.js';
import { wireTrigger } from './trigger.js';
import { validateProps } from './validate-props.js';

/**
 * Gates new S3 objects by size with AWS Step Functions: bucket → start-execution Lambda →
 * STANDARD state machine (CheckFileSize → ChoiceState → ProcessFile → NotifyOk |
 * NotifyFileTooSmall | DefaultState), from the sizegate packages' pre-built Lambda bundles,
 * with least-privilege roles, a dead-letter queue and alarms.
 */
export class SizeGate extends Construct {
  /** The gated bucket (created, or `existingBucketObj`). */
  readonly bucket: s3.IBucket;
  /** Where manifests are written (`outputBucket`, or the gated bucket). */
  readonly outputBucket: s3.IBucket;
  /** The STANDARD state machine. */
  readonly stateMachine: sfn.StateMachine;
  readonly checkSizeFunction: lambda.IFunction;
  /** SizeGate's process-file function, or `existingProcessFileFunction`. */
  readonly processFileFunction: lambda.IFunction;
  readonly startExecutionFunction: lambda.IFunction;
  /** The state machine's execution log group. */
  readonly logGroup: logs.ILogGroup;
  /** Failed, timed-out and throttled executions, and dead-letter queue depth; empty with `alarms: false`. */
  readonly alarms: cloudwatch.Alarm[];
  /** The encrypted SQS queue start-execution's failed invocations (and undeliverable EventBridge events) go to. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: SizeGateProps = {}) {
    super(scope, id);
    const outputsToGatedBucket = props.outputBucket === undefined || props.outputBucket === props.existingBucketObj;
    validateProps(this.node.path, props, outputsToGatedBucket);

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const tracing = props.tracing ?? true;
    const minSizeBytes = props.minSizeBytes ?? DEFAULT_MIN_SIZE_BYTES;
    const outputPrefix = props.outputPrefix ?? DEFAULT_OUTPUT_PREFIX;
    const ownerPath = this.node.path;

    this.bucket = createOrUseBucket(this, props.existingBucketObj, props.bucketProps, removalPolicy).bucket;
    // A bucket owned by another stack is used through a reference local to this stack, so the
    // notification configuration and every grant live here and only this stack depends on that one.
    const gatedBucket = this.localBucket(this.bucket, 'GatedBucketRef');
    this.outputBucket = props.outputBucket ?? this.bucket;
    const outputBucket = props.outputBucket === undefined ? gatedBucket : this.localBucket(props.outputBucket, 'OutputBucketRef');
    const outputEnvironment = { [ENV.outputBucket]: outputBucket.bucketName, [ENV.outputPrefix]: outputPrefix };

    const wildcardAcks: { role: iam.IRole; statement: iam.PolicyStatement; reason: string }[] = [];
    const grant = (role: iam.IRole | undefined, statements: iam.PolicyStatement[], reason: string): void => {
      for (const statement of statements) {
        role?.addToPrincipalPolicy(statement);
        if (role !== undefined) wildcardAcks.push({ role, statement, reason });
      }
    };
    const readReason =
      'Object-level ARN of the gated bucket: check-size and process-file read whichever new object (and version) the workflow is started for, under the trigger key prefix only.';

    const checkSize = createHandlerFunction(this, 'CheckSizeFunction', {
      handler: 'check-size',
      props: props.checkSizeFunctionProps,
      environment: {},
      tracing,
      removalPolicy,
      ownerPath,
    });
    grant(checkSize.role, readObjectStatements(gatedBucket, props.keyPrefix), readReason);
    this.checkSizeFunction = checkSize.fn;

    let processFileTimeout: Duration | undefined;
    if (props.existingProcessFileFunction !== undefined) {
      this.processFileFunction = props.existingProcessFileFunction;
    } else {
      const processFile = createHandlerFunction(this, 'ProcessFileFunction', {
        handler: 'process-file',
        props: props.processFileFunctionProps,
        environment: outputEnvironment,
        tracing,
        removalPolicy,
        ownerPath,
      });
      this.processFileFunction = processFile.fn;
      processFileTimeout = processFile.fn.timeout;
    }
    const processFileRole = this.processFileFunction.role;
    grant(processFileRole, readObjectStatements(gatedBucket, props.keyPrefix), readReason);
    grant(
      processFileRole,
      writeManifestStatements(outputBucket, outputPrefix),
      'Object-level ARN under the output prefix: process-file writes <outputPrefix><key>.manifest.json for whichever object it processed.',
    );

    const workflow = createWorkflow(this, {
      minSizeBytes,
      checkSizeFunction: this.checkSizeFunction,
      processFileFunction: this.processFileFunction,
      checkSizeTimeout: checkSize.fn.timeout,
      processFileTimeout,
      logging: props.logging,
      tracing,
      removalPolicy,
      ownerPath,
    });
    this.stateMachine = workflow.stateMachine;
    this.logGroup = workflow.logGroup;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the dead-letter destination: start-execution's on-failure destination and the EventBridge target's DLQ.",
    });

    const startExecution = createHandlerFunction(this, 'StartExecutionFunction', {
      handler: 'start-execution',
      props: props.startExecutionFunctionProps,
      environment: { [ENV.stateMachineArn]: this.stateMachine.stateMachineArn, ...outputEnvironment },
      tracing,
      removalPolicy,
      ownerPath,
    });
    startExecution.role.addToPrincipalPolicy(startExecutionStatement(this.stateMachine));
    // Async invocations (S3 and EventBridge deliver that way) are retried twice, then kept in the queue.
    startExecution.fn.configureAsyncInvoke({
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    this.startExecutionFunction = startExecution.fn;

    wireTrigger(this, {
      trigger: props.trigger ?? 's3-notification',
      bucket: gatedBucket,
      startExecutionFunction: startExecution.fn,
      deadLetterQueue: this.deadLetterQueue,
      keyPrefix: props.keyPrefix,
      keySuffix: props.keySuffix,
    });

    if (tracing) {
      const xrayReason = 'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords are authorized on Resource "*" only.';
      for (const role of [
        checkSize.role,
        startExecution.role,
        ...(processFileRole !== undefined && props.existingProcessFileFunction === undefined ? [processFileRole] : []),
      ]) {
        Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: xrayReason });
      }
    }
    acknowledgeObjectWildcards(this, wildcardAcks);

    this.alarms = props.alarms === false ? [] : createAlarms(this, this.stateMachine, this.deadLetterQueue, props.alarmTopic);
  }

  /** The bucket itself when it lives in this stack, else a reference to it created in this stack. */
  private localBucket(bucket: s3.IBucket, id: string): s3.IBucket {
    if (Stack.of(bucket) === Stack.of(this)) return bucket;
    return s3.Bucket.fromBucketAttributes(this, id, {
      bucketArn: bucket.bucketArn,
      bucketName: bucket.bucketName,
      ...(bucket.encryptionKey !== undefined ? { encryptionKey: bucket.encryptionKey } : {}),
    });
  }
}
