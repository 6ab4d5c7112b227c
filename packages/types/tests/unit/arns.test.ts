import { describe, expect, it } from 'vitest';
import {
  bucketArnOf,
  executionArnOf,
  executionArnOfStateMachine,
  expressExecutionArnOf,
  lambdaFunctionArnOf,
  mapRunArnOf,
  roleArnOf,
  snsTopicArnOf,
  stateMachineArnOf,
} from '../../src/index.js';

const scope = { region: 'eu-west-1', accountId: '111122223333' };

describe('ARN builders', () => {
  it('build the ARNs AWS gives each resource, in the aws partition by default', () => {
    // Act / Assess
    expect(stateMachineArnOf(scope, 'sizegate')).toBe('arn:aws:states:eu-west-1:111122223333:stateMachine:sizegate');
    expect(executionArnOf(scope, 'sizegate', 'run-1')).toBe('arn:aws:states:eu-west-1:111122223333:execution:sizegate:run-1');
    expect(expressExecutionArnOf(scope, 'TestState', 'x')).toBe('arn:aws:states:eu-west-1:111122223333:express:TestState:x');
    expect(mapRunArnOf(scope, 'sizegate', 'Map', 'id-1')).toBe('arn:aws:states:eu-west-1:111122223333:mapRun:sizegate/Map:id-1');
    expect(lambdaFunctionArnOf(scope, 'check-size')).toBe('arn:aws:lambda:eu-west-1:111122223333:function:check-size');
    expect(snsTopicArnOf(scope, 'alarms')).toBe('arn:aws:sns:eu-west-1:111122223333:alarms');
    expect(roleArnOf(scope, 'sizegate-local')).toBe('arn:aws:iam::111122223333:role/sizegate-local');
    expect(bucketArnOf('incoming')).toBe('arn:aws:s3:::incoming');
  });

  it('use the partition a scope names (a template in aws-cn, aws-us-gov)', () => {
    // Act / Assess
    expect(lambdaFunctionArnOf({ ...scope, partition: 'aws-cn' }, 'f')).toBe('arn:aws-cn:lambda:eu-west-1:111122223333:function:f');
    expect(bucketArnOf('b', { partition: 'aws-us-gov' })).toBe('arn:aws-us-gov:s3:::b');
    expect(roleArnOf({ accountId: '1', partition: 'aws-cn' }, 'r')).toBe('arn:aws-cn:iam::1:role/r');
  });

  it('derive an execution ARN from its state machine ARN', () => {
    // Act / Assess
    expect(executionArnOfStateMachine(stateMachineArnOf(scope, 'sizegate'), 'run-1')).toBe(executionArnOf(scope, 'sizegate', 'run-1'));
  });
});
