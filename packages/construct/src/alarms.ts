import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

const PERIOD = Duration.minutes(5);

/**
 * One alarm per way an object can be lost or stuck: executions that fail, time out or are
 * throttled, and events start-execution gave up on (its dead-letter queue is not empty).
 * Each fires on the first occurrence and notifies the topic, when given.
 */
export function createAlarms(
  scope: Construct,
  stateMachine: sfn.StateMachine,
  deadLetterQueue: sqs.IQueue,
  topic: sns.ITopic | undefined,
): cloudwatch.Alarm[] {
  const sum = { period: PERIOD, statistic: cloudwatch.Stats.SUM };
  const definitions: readonly [string, cloudwatch.IMetric, string][] = [
    ['ExecutionsFailedAlarm', stateMachine.metricFailed(sum), 'sizegate executions failed (state machine ExecutionsFailed >= 1)'],
    ['ExecutionsTimedOutAlarm', stateMachine.metricTimedOut(sum), 'sizegate executions timed out (ExecutionsTimedOut >= 1)'],
    ['ExecutionThrottledAlarm', stateMachine.metricThrottled(sum), 'sizegate executions were throttled (ExecutionThrottled >= 1)'],
    [
      'DeadLetterQueueDepthAlarm',
      deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
      'sizegate: events start-execution could not process wait in the dead-letter queue (ApproximateNumberOfMessagesVisible >= 1)',
    ],
  ];
  return definitions.map(([id, metric, description]) => {
    const alarm = new cloudwatch.Alarm(scope, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    if (topic !== undefined) alarm.addAlarmAction(new actions.SnsAction(topic));
    return alarm;
  });
}
