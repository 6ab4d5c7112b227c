import { ConfigurationError } from '@sizegate/types';
import { describe, expect, it } from 'vitest';
import { scaledTimeoutsDefinition } from '../../src/definition.js';
import { checkFaults, checkTimeScale, ExecutionFaults } from '../../src/faults.js';
import { sizegateDefinition } from '../helpers/fixtures.js';

const definition = sizegateDefinition();
/** The engine default scaledTimeoutsDefinition is given for Tasks without TimeoutSeconds. */
const DEFAULT_TASK_TIMEOUT_SECONDS = 60;

describe('checkFaults', () => {
  it('accepts faults on the Task states of the definition', () => {
    // Act / Assess
    expect(() => checkFaults([{ state: 'CheckFileSize', error: 'Lambda.ServiceException', count: 3 }], definition)).not.toThrow();
    expect(() => checkFaults(undefined, definition)).not.toThrow();
  });

  it('throws one ConfigurationError listing every problem and the Task states there are', () => {
    // Act
    let error: unknown;
    try {
      checkFaults(
        [
          { state: 'Missing', error: 'E', count: 1 },
          { state: 'NotifyOk', error: 'E', count: 1 },
          { state: 'ProcessFile', error: 'has space', count: 1 },
          { state: 'ProcessFile', error: 'States.TaskFailed', count: 1 },
          { state: 'ProcessFile', error: 'E', count: 1.5 },
        ],
        definition,
      );
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(5);
    expect(message).toContain('no state "Missing"; its Task states are CheckFileSize, ProcessFile');
    expect(message).toContain('"NotifyOk" is a Pass state');
    expect(message).toContain('"has space"');
    expect(message).toContain('States.* errors');
    expect(message).toContain('(got 1.5)');
  });
});

describe('checkTimeScale', () => {
  it.each([1, 0.5, 0.0001])('accepts %s', (scale) => expect(() => checkTimeScale(scale)).not.toThrow());
  it.each([0, -0.1, 1.01, Number.POSITIVE_INFINITY, Number.NaN])('refuses %s', (scale) =>
    expect(() => checkTimeScale(scale)).toThrow(ConfigurationError),
  );
});

describe('ExecutionFaults', () => {
  it('fails the first COUNT attempts of a state, faults of one state one after the other, then lets attempts through', () => {
    // Prepare
    const faults = new ExecutionFaults([
      { state: 'ProcessFile', error: 'Lambda.ServiceException', count: 2 },
      { state: 'CheckFileSize', error: 'Other', count: 1 },
      { state: 'ProcessFile', error: 'Custom.Error', count: 1 },
    ]);

    // Act
    const processFile = [1, 2, 3, 4].map(() => faults.nextAttempt('ProcessFile')?.error);
    const checkFileSize = [1, 2].map(() => faults.nextAttempt('CheckFileSize')?.error);

    // Assess
    expect(processFile).toEqual(['Lambda.ServiceException', 'Lambda.ServiceException', 'Custom.Error', undefined]);
    expect(checkFileSize).toEqual(['Other', undefined]);
  });

  it('counts per execution: a new ExecutionFaults starts from the first attempt again', () => {
    // Prepare
    const fault = { state: 'ProcessFile', error: 'Lambda.ServiceException', count: 1 };
    const first = new ExecutionFaults([fault]);
    first.nextAttempt('ProcessFile');

    // Act
    const second = new ExecutionFaults([fault]).nextAttempt('ProcessFile');

    // Assess
    expect(first.nextAttempt('ProcessFile')).toBeUndefined();
    expect(second?.cause).toMatch(
      /^Lambda\.ServiceException: injected by sizegate-local \(--fault ProcessFile:Lambda\.ServiceException:1\)/,
    );
  });
});

describe('scaledTimeoutsDefinition', () => {
  it('is the definition itself at timeScale 1', () => {
    expect(scaledTimeoutsDefinition(definition, 1, DEFAULT_TASK_TIMEOUT_SECONDS)).toBe(definition);
  });

  it('scales every Task TimeoutSeconds, the 60 s default and the machine timeout, in a copy; TimeoutSecondsPath stays', () => {
    // Prepare
    const written = {
      TimeoutSeconds: 1000,
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 30, Next: 'B' },
        B: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'C' },
        C: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSecondsPath: '$.t', Next: 'P' },
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'N', States: { N: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 10, End: true } } },
          ],
          End: true,
        },
      },
    };
    const before = JSON.stringify(written);

    // Act
    type Scaled = {
      TimeoutSeconds: number;
      States: Record<string, { TimeoutSeconds?: number; Branches?: Array<{ States: Record<string, { TimeoutSeconds?: number }> }> }>;
    };
    const scaled = scaledTimeoutsDefinition(written, 0.01, DEFAULT_TASK_TIMEOUT_SECONDS) as Scaled;

    // Assess
    expect(scaled.TimeoutSeconds).toBeCloseTo(10);
    expect(scaled.States.A!.TimeoutSeconds).toBeCloseTo(0.3);
    expect(scaled.States.B!.TimeoutSeconds).toBeCloseTo(0.6);
    expect(scaled.States.C!.TimeoutSeconds).toBeUndefined();
    expect(scaled.States.P!.Branches?.[0]?.States.N?.TimeoutSeconds).toBeCloseTo(0.1);
    expect(JSON.stringify(written)).toBe(before);
  });
});
