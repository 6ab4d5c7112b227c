import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/runtime/retry.js';
import { matches } from '../../src/runtime/retry.js';
import type { Invoke } from '../../src/index.js';
import { LambdaError } from '../../src/index.js';
import { runToEnd } from '../helpers/run.js';

const failing: Invoke = async () => {
  throw new LambdaError({ errorType: 'Exception', errorMessage: 'boom' });
};
const ARN = 'arn:aws:lambda:us-east-1:111111111111:function:f';

describe('Retry', () => {
  it('waits IntervalSeconds × BackoffRate^n on the clock, capped by MaxDelaySeconds', async () => {
    // Prepare
    const definition = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: ARN,
          Retry: [
            {
              ErrorEquals: ['States.ALL'],
              IntervalSeconds: 3,
              BackoffRate: 2,
              MaxAttempts: 3,
              MaxDelaySeconds: 10,
              JitterStrategy: 'NONE',
            },
          ],
          End: true,
        },
      },
    };
    // Act
    const { result, history } = await runToEnd(definition, {}, { invoke: failing });
    // Assess: attempts at +0, +3 s, +6 s, +10 s (12 capped at 10)
    expect(result.error).toBe('Exception');
    const scheduled = history.filter((event) => event.type === 'LambdaFunctionScheduled').map((event) => event.timestamp);
    const gaps = scheduled.slice(1).map((time, index) => Math.round((time - (scheduled[index] as number)) / 1000));
    expect(gaps).toEqual([3, 6, 10]);
  });

  it('runs once with MaxAttempts 0 and with Retry []', async () => {
    for (const retry of [[{ ErrorEquals: ['States.ALL'], MaxAttempts: 0 }], []]) {
      const definition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: ARN, Retry: retry, End: true } } };
      const { history } = await runToEnd(definition, {}, { invoke: failing });
      expect(history.filter((event) => event.type === 'LambdaFunctionScheduled')).toHaveLength(1);
    }
  });

  it('counts $$.State.RetryCount up on each attempt', async () => {
    const seen: unknown[] = [];
    const invoke: Invoke = async (request) => {
      seen.push(request.payload);
      throw new LambdaError({ errorType: 'E', errorMessage: '' });
    };
    const definition = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: ARN,
          Parameters: { 'n.$': '$$.State.RetryCount' },
          Retry: [{ ErrorEquals: ['E'], MaxAttempts: 2, IntervalSeconds: 1 }],
          End: true,
        },
      },
    };
    await runToEnd(definition, {}, { invoke });
    expect(seen).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  it('keeps FULL jitter between 0 and the computed delay', () => {
    expect(retryDelayMs({ ErrorEquals: ['E'], IntervalSeconds: 4, JitterStrategy: 'FULL' }, 1, () => 0.5)).toBe(4000);
    expect(retryDelayMs({ ErrorEquals: ['E'], IntervalSeconds: 4 }, 1)).toBe(8000);
  });
});

describe('error matching', () => {
  it('lets States.ALL match everything but States.Runtime, and States.TaskFailed everything but States.Timeout', () => {
    expect(matches(['States.ALL'], 'Lambda.Unknown')).toBe(true);
    expect(matches(['States.ALL'], 'States.Runtime')).toBe(false);
    expect(matches(['States.TaskFailed'], 'Lambda.ResourceNotFoundException')).toBe(true);
    expect(matches(['States.TaskFailed'], 'States.Timeout')).toBe(false);
  });
});

describe('Catch', () => {
  it('writes {Error, Cause} at ResultPath and goes on at Next, leaving OutputPath unapplied', async () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: ARN,
          OutputPath: '$.no.such.path',
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Done' }],
          Next: 'Done',
        },
        Done: { Type: 'Pass', End: true },
      },
    };
    const { result } = await runToEnd(definition, { a: 1 }, { invoke: failing });
    expect(JSON.parse(result.output ?? '')).toEqual({
      a: 1,
      error: { Error: 'Exception', Cause: '{"errorType":"Exception","errorMessage":"boom","trace":[]}' },
    });
  });
});
