import aslValidator from 'asl-validator';
import { DEFAULT_STATE_ERROR, MESSAGES, STATE_NAMES } from '@sizegate/types';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildDefinition,
  InvalidDefinitionOptions,
  RETRYABLE_LAMBDA_ERRORS,
  type ChoiceState,
  type PassState,
  type TaskState,
} from '../../src/index.js';

describe('buildDefinition', () => {
  it('builds a valid ASL definition with the original project\'s state names', () => {
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

  it('retries only the transient Lambda service errors, with backoff, on both tasks', () => {
    // Act
    const definition = buildDefinition({ retry: { intervalSeconds: 3, maxAttempts: 4 } });

    // Assess
    for (const name of [STATE_NAMES.checkFileSize, STATE_NAMES.processFile]) {
      const task = definition.States[name] as TaskState;
      expect(task.Retry).toEqual([
        {
          ErrorEquals: [...RETRYABLE_LAMBDA_ERRORS],
          IntervalSeconds: 3,
          MaxAttempts: 4,
          BackoffRate: 2,
          MaxDelaySeconds: 60,
          JitterStrategy: 'FULL',
        },
      ]);
      expect(task.TimeoutSeconds).toBeGreaterThan(0);
    }
    expect(JSON.stringify(definition)).not.toContain('States.ALL');
  });

  it('ends in the original project\'s messages and Fail state', () => {
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
      });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(InvalidDefinitionOptions);
    const problems = (error as InvalidDefinitionOptions).problems;
    expect(problems).toHaveLength(4);
    expect((error as Error).message).toMatch(/minSizeBytes.*-1/);
    expect((error as Error).message).toMatch(/processFileTimeoutSeconds/);
    expect((error as Error).message).toMatch(/checkSizeFunctionArn/);
    expect((error as Error).message).toMatch(/backoffRate/);
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
