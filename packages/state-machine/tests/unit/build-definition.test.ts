import aslValidator from 'asl-validator';
import {
  AccessDenied,
  DEFAULT_STATE_ERROR,
  InvalidInput,
  ManifestWriteFailed,
  ManifestWriteThrottled,
  MESSAGES,
  ObjectChanged,
  ObjectNotFound,
  ObjectReadFailed,
  STATE_NAMES,
} from '@sizegate/types';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildDefinition,
  DEFAULT_MANIFEST_WRITE_RETRY,
  DEFAULT_READ_RETRY,
  InvalidDefinitionOptions,
  RETRYABLE_LAMBDA_ERRORS,
  RETRYABLE_MANIFEST_WRITE_ERRORS,
  RETRYABLE_READ_ERRORS,
  type ChoiceState,
  type PassState,
  type TaskState,
} from '../../src/index.js';

describe('buildDefinition', () => {
  it("builds a valid ASL definition with the original project's state names", () => {
    // Act
    const definition = buildDefinition();

    // Assess
    expect(aslValidator(definition)).toMatchObject({ isValid: true, errors: [] });
    expect(definition.StartAt).toBe(STATE_NAMES.checkFileSize);
    expect(Object.keys(definition.States).sort()).toEqual(Object.values(STATE_NAMES).sort());
  });

  it('uses definition substitutions for the function ARNs and bakes the threshold in as a number', () => {
    // Act
    const definition = buildDefinition();
    const check = definition.States[STATE_NAMES.checkFileSize] as TaskState;
    const process = definition.States[STATE_NAMES.processFile] as TaskState;
    const choice = definition.States[STATE_NAMES.choice] as ChoiceState;

    // Assess
    expect(check.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(check.Parameters.FunctionName).toBe('${CheckSizeFunctionArn}');
    expect(process.Parameters.FunctionName).toBe('${ProcessFileFunctionArn}');
    expect(choice.Choices).toContainEqual({ Variable: '$.size', NumericGreaterThanEquals: 2_000_000, Next: 'ProcessFile' });
    expect(choice.Choices).toContainEqual({ Variable: '$.size', NumericLessThan: 2_000_000, Next: 'NotifyFileTooSmall' });
    expect(choice.Default).toBe(STATE_NAMES.defaultState);
  });

  it('takes custom ARNs, threshold and timeouts', () => {
    // Act
    const definition = buildDefinition({
      minSizeBytes: 10,
      checkSizeFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:check',
      processFileFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:process',
      checkSizeTimeoutSeconds: 5,
      processFileTimeoutSeconds: 7,
    });
    const check = definition.States.CheckFileSize as TaskState;
    const process = definition.States.ProcessFile as TaskState;

    // Assess
    expect(aslValidator(definition).isValid).toBe(true);
    expect(check.Parameters.FunctionName).toBe('arn:aws:lambda:us-east-1:000000000000:function:check');
    expect(process.Parameters.FunctionName).toBe('arn:aws:lambda:us-east-1:000000000000:function:process');
    expect(check.TimeoutSeconds).toBe(5);
    expect(process.TimeoutSeconds).toBe(7);
    expect(JSON.stringify(definition.States.ChoiceState)).toContain('"NumericGreaterThanEquals":10');
  });

  it('retries the transient Lambda service errors with backoff, then ObjectReadFailed, on both tasks', () => {
    // Act
    const definition = buildDefinition({ retry: { intervalSeconds: 3, maxAttempts: 4 } });

    // Assess
    for (const name of [STATE_NAMES.checkFileSize, STATE_NAMES.processFile]) {
      const task = definition.States[name] as TaskState;
      expect(task.Retry.slice(0, 2)).toEqual([
        {
          ErrorEquals: [...RETRYABLE_LAMBDA_ERRORS],
          IntervalSeconds: 3,
          MaxAttempts: 4,
          BackoffRate: 2,
          MaxDelaySeconds: 60,
          JitterStrategy: 'FULL',
        },
        { ErrorEquals: ['ObjectReadFailed'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2 },
      ]);
      expect(task.TimeoutSeconds).toBeGreaterThan(0);
    }
    expect(JSON.stringify(definition)).not.toContain('States.ALL');
  });

  it('retries ManifestWriteThrottled on ProcessFile only, third, with back-off and full jitter', () => {
    // Act
    const definition = buildDefinition();
    const processFile = definition.States.ProcessFile as TaskState;
    const checkFileSize = definition.States.CheckFileSize as TaskState;

    // Assess
    expect(processFile.Retry).toHaveLength(3);
    expect(processFile.Retry[2]).toEqual({
      ErrorEquals: ['ManifestWriteThrottled'],
      IntervalSeconds: 2,
      MaxAttempts: 3,
      BackoffRate: 2,
      MaxDelaySeconds: 30,
      JitterStrategy: 'FULL',
    });
    expect(checkFileSize.Retry.flatMap((retrier) => retrier.ErrorEquals)).not.toContain('ManifestWriteThrottled');
  });

  it('takes the ManifestWriteThrottled retry from manifestWriteRetry, each field defaulting on its own', () => {
    // Act
    const definition = buildDefinition({ manifestWriteRetry: { intervalSeconds: 1, maxAttempts: 0 } });

    // Assess
    expect((definition.States.ProcessFile as TaskState).Retry[2]).toEqual({
      ErrorEquals: ['ManifestWriteThrottled'],
      IntervalSeconds: 1,
      MaxAttempts: 0,
      BackoffRate: DEFAULT_MANIFEST_WRITE_RETRY.backoffRate,
      MaxDelaySeconds: DEFAULT_MANIFEST_WRITE_RETRY.maxDelaySeconds,
      JitterStrategy: 'FULL',
    });
    expect(aslValidator(definition).isValid).toBe(true);
  });

  it('retries exactly the error names @sizegate/types gives ObjectReadFailed and ManifestWriteThrottled, and no other handler error', () => {
    // Act
    const definition = buildDefinition();
    const retried = (definition.States.ProcessFile as TaskState).Retry.flatMap((retrier) => retrier.ErrorEquals);

    // Assess
    expect(RETRYABLE_READ_ERRORS).toEqual([new ObjectReadFailed('read failed').name]);
    expect(RETRYABLE_MANIFEST_WRITE_ERRORS).toEqual([new ManifestWriteThrottled('write throttled').name]);
    for (const handlerError of [ObjectChanged, ObjectNotFound, AccessDenied, InvalidInput, ManifestWriteFailed]) {
      expect(retried).not.toContain(new handlerError('x').name);
    }
  });

  it('takes the ObjectReadFailed retry from readRetry, each field defaulting on its own', () => {
    // Act
    const definition = buildDefinition({ readRetry: { intervalSeconds: 5, maxAttempts: 0 } });

    // Assess
    for (const name of [STATE_NAMES.checkFileSize, STATE_NAMES.processFile]) {
      const task = definition.States[name] as TaskState;
      expect(task.Retry[1]).toEqual({
        ErrorEquals: ['ObjectReadFailed'],
        IntervalSeconds: 5,
        MaxAttempts: 0,
        BackoffRate: DEFAULT_READ_RETRY.backoffRate,
      });
    }
    expect(aslValidator(definition).isValid).toBe(true);
  });

  it("ends in the original project's messages and Fail state", () => {
    // Act
    const { States } = buildDefinition();

    // Assess
    expect((States.NotifyOk as PassState).Parameters.Message).toBe(MESSAGES.processedOk);
    expect((States.NotifyFileTooSmall as PassState).Parameters.Message).toBe(MESSAGES.notBigEnough);
    expect(States.DefaultState).toEqual(expect.objectContaining({ Type: 'Fail', Error: DEFAULT_STATE_ERROR }));
  });

  it('reports every invalid option at once', () => {
    // Act
    let error: unknown;
    try {
      buildDefinition({
        minSizeBytes: -1,
        processFileTimeoutSeconds: 1.5,
        checkSizeFunctionArn: ' ',
        retry: { backoffRate: 0.5 },
        readRetry: { intervalSeconds: 0, maxAttempts: -1, backoffRate: 0.9 },
        manifestWriteRetry: { intervalSeconds: 2.5, maxAttempts: Number.NaN, backoffRate: 0, maxDelaySeconds: 0 },
      });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(InvalidDefinitionOptions);
    const problems = (error as InvalidDefinitionOptions).problems;
    expect(problems).toHaveLength(11);
    expect((error as Error).message).toMatch(/minSizeBytes.*-1/);
    expect((error as Error).message).toMatch(/processFileTimeoutSeconds/);
    expect((error as Error).message).toMatch(/checkSizeFunctionArn/);
    expect((error as Error).message).toMatch(/retry\.backoffRate/);
    expect(problems).toContain('readRetry.intervalSeconds must be a positive integer (got 0)');
    expect(problems).toContain('readRetry.maxAttempts must be a non-negative integer (got -1)');
    expect(problems).toContain('readRetry.backoffRate must be a number >= 1 (got 0.9)');
    expect(problems).toContain('manifestWriteRetry.intervalSeconds must be a positive integer (got 2.5)');
    expect(problems).toContain('manifestWriteRetry.maxAttempts must be a non-negative integer (got NaN)');
    expect(problems).toContain('manifestWriteRetry.backoffRate must be a number >= 1 (got 0)');
    expect(problems).toContain('manifestWriteRetry.maxDelaySeconds must be a positive integer (got 0)');
  });

  it('accepts a threshold of 0 (every object is processed)', () => {
    expect(() => buildDefinition({ minSizeBytes: 0 })).not.toThrow();
  });

  it('ships dist/definition.json equal to the default build', () => {
    // Prepare
    const shipped = JSON.parse(readFileSync(new URL('../../dist/definition.json', import.meta.url), 'utf8'));

    // Assess
    expect(shipped).toEqual(buildDefinition());
  });

  it('is checked by a validator that does reject a broken definition', () => {
    // Prepare: the validator must be able to fail for the checks above to mean anything
    const broken = structuredClone(buildDefinition()) as { States: Record<string, { Next?: string }> };
    broken.States.CheckFileSize!.Next = 'NoSuchState';

    // Act / Assess
    expect(aslValidator(broken).isValid).toBe(false);
  });
});
