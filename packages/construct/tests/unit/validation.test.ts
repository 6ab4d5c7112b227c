import { outputPrefixProblem } from '@sizegate/types';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { InvalidSizeGateProps, SizeGate } from '../../src/index.js';
import type { SizeGateProps } from '../../src/index.js';
import { newStack } from '../helpers/synth.js';

function problemsOf(build: (stack: ReturnType<typeof newStack>['stack']) => SizeGateProps): readonly string[] {
  const { stack } = newStack();
  try {
    new SizeGate(stack, 'Gate', build(stack));
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSizeGateProps);
    expect((error as Error).message).toContain('TestStack/Gate');
    return (error as InvalidSizeGateProps).problems;
  }
  throw new Error('SizeGate accepted the props');
}

describe('SizeGate prop validation', () => {
  it('reports every problem in one error', () => {
    // Prepare / Act
    const problems = problemsOf((stack) => ({
      existingBucketObj: s3.Bucket.fromBucketName(stack, 'Existing', 'existing-bucket'),
      bucketProps: { versioned: true },
      minSizeBytes: -1,
      keyPrefix: 'processed/in/',
      checkSizeFunctionProps: { memorySize: 64, timeout: Duration.minutes(20), environment: { SIZEGATE_BUCKET: 'x' } },
    }));

    // Assess
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/existingBucketObj and bucketProps are mutually exclusive/);
    expect(problems[1]).toMatch(/minSizeBytes must be a non-negative integer \(got -1\)/);
    expect(problems[2]).toMatch(/keyPrefix 'processed\/in\/' lies inside outputPrefix 'processed\/'/);
    expect(problems[3]).toMatch(/checkSizeFunctionProps.memorySize/);
    expect(problems[4]).toMatch(/checkSizeFunctionProps.timeout/);
    expect(problems[5]).toMatch(/must not set SIZEGATE_BUCKET/);
  });

  it('rejects a non-integer threshold and an unknown trigger', () => {
    // Prepare / Act
    const problems = problemsOf(() => ({ minSizeBytes: 1.5, trigger: 'sqs' as never }));

    // Assess
    expect(problems).toEqual([
      'minSizeBytes must be a non-negative integer (got 1.5)',
      "trigger must be 's3-notification' or 'eventbridge' (got sqs)",
    ]);
  });

  it('rejects an output prefix the trigger filter would match, unless the suffix excludes manifests', () => {
    // Prepare / Act
    const overlapping = problemsOf(() => ({ keyPrefix: 'data/', outputPrefix: 'data/manifests/' }));
    const jsonSuffix = problemsOf(() => ({ keyPrefix: 'data/', outputPrefix: 'data/manifests/', keySuffix: '.json' }));
    const { stack } = newStack();

    // Assess
    expect(overlapping).toEqual([expect.stringMatching(/outputPrefix 'data\/manifests\/' overlaps the trigger filter/)]);
    expect(jsonSuffix).toHaveLength(1);
    expect(() => new SizeGate(stack, 'Csv', { keyPrefix: 'data/', outputPrefix: 'data/manifests/', keySuffix: '.csv' })).not.toThrow();
    expect(() => new SizeGate(stack, 'Apart', { keyPrefix: 'in/', outputPrefix: 'out/' })).not.toThrow();
  });

  it('allows overlapping prefixes when manifests go to another bucket', () => {
    // Prepare
    const { stack } = newStack();

    // Act / Assess
    expect(
      () => new SizeGate(stack, 'Gate', { keyPrefix: 'processed/', outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'out-bucket') }),
    ).not.toThrow();
  });

  it('rejects empty, absolute and wildcard key filters and an empty output prefix', () => {
    // Prepare / Act
    const problems = problemsOf(() => ({ keyPrefix: '/abs', keySuffix: '*.csv', outputPrefix: '' }));

    // Assess
    expect(problems).toEqual([
      "keyPrefix must not start with '/': S3 keys have no leading slash (got '/abs')",
      "keySuffix must not contain '*': filters match literally (got '*.csv')",
      outputPrefixProblem(''),
    ]);
  });

  it('rejects an empty output prefix with the rule and message of @sizegate/types, also when manifests go to another bucket', () => {
    // Prepare / Act
    const problems = problemsOf((stack) => ({ outputPrefix: '', outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'out-bucket') }));

    // Assess
    expect(problems).toEqual([outputPrefixProblem('')]);
    expect(problems[0]).toMatch(/^outputPrefix must not be empty: /);
  });

  it('rejects an existing process-file function together with process-file settings, and a topic without alarms', () => {
    // Prepare / Act
    const problems = problemsOf((stack) => ({
      existingProcessFileFunction: lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:eu-west-1:111111111111:function:mine'),
      processFileFunctionProps: { memorySize: 512 },
      alarms: false,
      alarmTopic: { topicArn: 'arn:aws:sns:eu-west-1:111111111111:t' } as never,
      startExecutionFunctionProps: { reservedConcurrentExecutions: 0 },
    }));

    // Assess
    expect(problems).toEqual([
      'existingProcessFileFunction and processFileFunctionProps are mutually exclusive',
      'startExecutionFunctionProps.reservedConcurrentExecutions must be a positive integer (got 0)',
      'alarmTopic is given but alarms is false: no alarm would notify it',
    ]);
  });
});
