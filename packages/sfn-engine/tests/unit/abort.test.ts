import { describe, expect, it } from 'vitest';
import { createStateMachine, virtualClock, type Invoke } from '../../src/index.js';
import { EXECUTION_ARN, runToEnd, skeleton } from '../helpers/run.js';

/** An invoke whose calls never finish on their own; it records every signal it was given. */
function hangingInvoke() {
  const signals: AbortSignal[] = [];
  const invoke: Invoke = (_request, { signal }) => {
    signals.push(signal);
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
  };
  return { invoke, signals };
}

const lambdaTask = (extra: object = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'f', 'Payload.$': '$' },
  End: true,
  ...extra,
});

describe('aborting the siblings of a failed branch or iteration', () => {
  it('writes the recorded Map timeout history: every TaskTimedOut, then MapIterationFailed and per iteration MapIterationAborted/TaskStateAborted', async () => {
    // Prepare: the corpus case timeouts test_service_lambda_map_timeout (4 iterations; TimeoutSeconds 1
    // instead of 5). Invocations are in flight, so time flows at wall-clock speed.
    const { invoke, signals } = hangingInvoke();
    const definition = {
      StartAt: 'MapWait',
      States: { MapWait: { Type: 'Map', ItemProcessor: { StartAt: 'L', States: { L: lambdaTask({ TimeoutSeconds: 1 }) } }, End: true } },
    };
    // Act
    const { result, history } = await runToEnd(definition, [1, 2, 3, 4], { invoke, clock: virtualClock() });
    // Assess
    expect(result).toEqual({ status: 'FAILED', error: 'States.Timeout' });
    const types = skeleton(history).map(([, , type]) => type);
    expect(types.slice(3, 7)).toEqual(Array(4).fill('MapIterationStarted'));
    expect(types.slice(7, 15)).toEqual(Array(4).fill(['TaskStateEntered', 'TaskScheduled']).flat());
    expect(types.slice(15, 19)).toEqual(Array(4).fill('TaskStarted'));
    expect(types.slice(19, 23)).toEqual(Array(4).fill('TaskTimedOut'));
    const firstFailure = history[19]?.id;
    expect(skeleton(history).slice(23)).toEqual([
      [24, firstFailure, 'MapIterationFailed'],
      [25, firstFailure, 'TaskStateAborted'],
      [26, firstFailure, 'MapIterationAborted'],
      [27, firstFailure, 'TaskStateAborted'],
      [28, firstFailure, 'MapIterationAborted'],
      [29, firstFailure, 'TaskStateAborted'],
      [30, firstFailure, 'MapIterationAborted'],
      [31, firstFailure, 'TaskStateAborted'],
      [32, firstFailure, 'MapStateFailed'],
      [33, 32, 'ExecutionFailed'],
    ]);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('aborts the running Task of another Parallel branch: its invocation sees the abort, TaskStateAborted, then ParallelStateFailed', async () => {
    const { invoke, signals } = hangingInvoke();
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Slow', States: { Slow: lambdaTask() } },
            { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, Next: 'F' }, F: { Type: 'Fail', Error: 'Boom', Cause: 'why' } } },
          ],
        },
      },
    };
    const { result, history } = await runToEnd(definition, {}, { invoke, clock: virtualClock({ scale: 0.01 }) });
    expect(result).toEqual({ status: 'FAILED', error: 'Boom', cause: 'why' });
    const failEntered = history.find((event) => event.type === 'FailStateEntered')?.id;
    expect(skeleton(history).slice(-3)).toEqual([
      [history.length - 2, failEntered, 'TaskStateAborted'],
      [history.length - 1, failEntered, 'ParallelStateFailed'],
      [history.length, history.length - 1, 'ExecutionFailed'],
    ]);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
  });

  it('closes a sibling iteration that waits with MapIterationAborted and WaitStateAborted', async () => {
    const processor = {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 0, Next: 'Bad' }], Default: 'Long' },
        Bad: { Type: 'Fail', Error: 'E' },
        Long: { Type: 'Wait', Seconds: 3600, End: true },
      },
    };
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor, End: true } } };
    const { result, history } = await runToEnd(definition, [1, 0]);
    expect(result.status).toBe('FAILED');
    const failEntered = history.find((event) => event.type === 'FailStateEntered')?.id;
    expect(skeleton(history).slice(-5)).toEqual([
      [history.length - 4, failEntered, 'MapIterationFailed'],
      [history.length - 3, failEntered, 'MapIterationAborted'],
      [history.length - 2, failEntered, 'WaitStateAborted'],
      [history.length - 1, failEntered, 'MapStateFailed'],
      [history.length, history.length - 1, 'ExecutionFailed'],
    ]);
  });

  it('aborts a nested Map inside a sibling branch: its iterations first, then MapStateAborted', async () => {
    const { invoke } = hangingInvoke();
    const inner = { Type: 'Map', ItemProcessor: { StartAt: 'L', States: { L: lambdaTask() } }, End: true };
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Inner', States: { Inner: inner } },
            { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E' } } },
          ],
        },
      },
    };
    const { history } = await runToEnd(definition, [1], { invoke, clock: virtualClock({ scale: 0.01 }) });
    expect(history.map((event) => event.type).slice(-5)).toEqual([
      'MapIterationAborted',
      'TaskStateAborted',
      'MapStateAborted',
      'ParallelStateFailed',
      'ExecutionFailed',
    ]);
  });

  it('stop() aborts the in-flight invocations and writes nothing after ExecutionAborted', async () => {
    const { invoke, signals } = hangingInvoke();
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'A', States: { A: lambdaTask() } },
            { StartAt: 'B', States: { B: lambdaTask() } },
          ],
        },
      },
    };
    const machine = createStateMachine(definition, { invoke, clock: virtualClock() });
    const execution = machine.start('{}', { executionArn: EXECUTION_ARN });
    while (signals.length < 2) await new Promise((resolve) => setImmediate(resolve));
    execution.stop('Stopped', 'by the test');
    const result = await execution.result;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(result.status).toBe('ABORTED');
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true]);
    expect(execution.history.at(-1)?.type).toBe('ExecutionAborted');
  });
});

describe('JSONata clock functions', () => {
  it('$now() and $millis() read the execution clock (a virtual clock after a one-year Wait)', async () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'W',
      States: {
        W: { Type: 'Wait', Seconds: 31_536_000, Next: 'P' },
        P: { Type: 'Pass', Output: { now: '{% $now() %}', millis: '{% $millis() %}' }, End: true },
      },
    };
    const { result } = await runToEnd(definition, {}, { clock: virtualClock({ start }) });
    const output = JSON.parse(result.output ?? '{}') as { now: string; millis: number };
    expect(output.millis - start).toBeGreaterThanOrEqual(31_536_000_000);
    expect(output.millis - start).toBeLessThan(31_536_000_000 + 60_000);
    expect(output.now.startsWith('2024-12-31T')).toBe(true);
  });
});
