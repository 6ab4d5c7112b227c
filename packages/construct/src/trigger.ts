import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { SizeGateTrigger } from './props.js';

export interface TriggerOptions {
  readonly trigger: SizeGateTrigger;
  readonly bucket: s3.IBucket;
  readonly startExecutionFunction: lambda.IFunction;
  readonly deadLetterQueue: sqs.IQueue;
  readonly keyPrefix: string | undefined;
  readonly keySuffix: string | undefined;
}

/** How long EventBridge retries delivering an event to start-execution before dead-lettering it. */
const EVENT_MAX_AGE = Duration.hours(6);

/** Logical id of CDK's singleton bucket-notification handler (aws-s3/lib/notifications-resource). */
const NOTIFICATIONS_HANDLER_ID = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

/**
 * Wires new objects to start-execution: an S3 event notification (ObjectCreated, with the key
 * filters), or EventBridge delivery on the bucket plus a rule for "Object Created" events whose
 * target dead-letters to the same queue. Returns the rule for the eventbridge trigger.
 */
export function wireTrigger(scope: Construct, options: TriggerOptions): events.Rule | undefined {
  const { bucket, startExecutionFunction, keyPrefix, keySuffix } = options;
  let rule: events.Rule | undefined;
  if (options.trigger === 'eventbridge') {
    bucket.enableEventBridgeNotification();
    rule = new events.Rule(scope, 'ObjectCreatedRule', {
      description: 'sizegate: S3 "Object Created" events of the gated bucket → start-execution',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [bucket.bucketName] },
          ...(keyPrefix !== undefined || keySuffix !== undefined ? { object: { key: keyPattern(keyPrefix, keySuffix) } } : {}),
        },
      },
      targets: [
        new targets.LambdaFunction(startExecutionFunction, {
          deadLetterQueue: options.deadLetterQueue,
          maxEventAge: EVENT_MAX_AGE,
          retryAttempts: 185,
        }),
      ],
    });
  } else {
    const filter: s3.NotificationKeyFilter = {
      ...(keyPrefix !== undefined ? { prefix: keyPrefix } : {}),
      ...(keySuffix !== undefined ? { suffix: keySuffix } : {}),
    };
    const filters = keyPrefix !== undefined || keySuffix !== undefined ? [filter] : [];
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(startExecutionFunction), ...filters);
  }
  acknowledgeNotificationsHandler(scope);
  return rule;
}

/** EventBridge matches one key condition per array entry (OR); prefix AND suffix needs a wildcard. */
function keyPattern(prefix: string | undefined, suffix: string | undefined): string[] {
  if (prefix !== undefined && suffix !== undefined) return events.Match.wildcard(`${prefix}*${suffix}`);
  if (prefix !== undefined) return events.Match.prefix(prefix);
  return events.Match.suffix(suffix ?? '');
}

/**
 * CDK's bucket-notification handler (a stack-wide singleton, also used to turn on EventBridge
 * delivery) is CDK's code, not SizeGate's: its role carries the AWS managed basic-execution
 * policy. (Its s3:PutBucketNotification statement is scoped to the bucket by CDK.)
 */
function acknowledgeNotificationsHandler(scope: Construct): void {
  const handler = Stack.of(scope).node.tryFindChild(NOTIFICATIONS_HANDLER_ID);
  if (handler === undefined) return;
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "CDK's bucket-notification handler (aws-s3) writes its logs with the AWS managed basic-execution policy; its role is not configurable.",
  });
}
