import { ConfigurationError } from '@sizegate/types';
import { describe, expect, it } from 'vitest';
import { checkClockMode, checkFaults, checkTimeScale, ExecutionFaults } from '../../src/faults.js';
import { sizegateDefinition } from '../helpers/fixtures.js';

const definition = sizegateDefinition();

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

describe('checkClockMode', () => {
  it('accepts real, virtual and nothing, and names the choices otherwise', () => {
    expect(() => checkClockMode(undefined)).not.toThrow();
    expect(() => checkClockMode('real')).not.toThrow();
    expect(() => checkClockMode('virtual')).not.toThrow();
    expect(() => checkClockMode('fake')).toThrow(new ConfigurationError('clock (--clock) must be one of real, virtual (got "fake")'));
  });
});
