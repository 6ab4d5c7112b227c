import { describe, expect, it } from 'vitest';
import { createStateMachine, virtualClock, type HistoryEvent } from '../../src/index.js';
import { EXECUTION_ARN, runToEnd } from '../helpers/run.js';

const waitDefinition = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, Next: 'P' }, P: { Type: 'Pass', End: true } } };

describe('execution', () => {
  it('delivers events as they happen to onEvent and to the async iterator', async () => {
    // Prepare
    const seen: string[] = [];
    const machine = createStateMachine(waitDefinition, { clock: virtualClock() });
    // Act
    const execution = machine.start('{"a": 1}', { executionArn: EXECUTION_ARN, onEvent: (event) => seen.push(event.type) });
    const iterated: HistoryEvent[] = [];
    for await (const event of execution.events) iterated.push(event);
    // Assess
    expect(iterated.map((event) => event.type)).toEqual(seen);
    expect(seen).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(iterated[0]).toMatchObject({ executionStartedEventDetails: { input: '{"a": 1}', inputDetails: { truncated: false } } });
  });

  it('stops a running execution with ExecutionAborted', async () => {
    const machine = createStateMachine(waitDefinition, { clock: virtualClock({ scale: 1 }) });
    const execution = machine.start('{}', { executionArn: EXECUTION_ARN });
    const entered = new Promise<void>((resolve) => {
      const poll = (): unknown => (execution.history.length >= 2 ? resolve() : setTimeout(poll, 1));
      poll();
    });
    await entered;
    execution.stop('Stopped', 'by the test');
    expect(await execution.result).toEqual({ status: 'ABORTED', error: 'Stopped', cause: 'by the test' });
    expect(execution.history.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      previousEventId: 0,
      executionAbortedEventDetails: { error: 'Stopped', cause: 'by the test' },
    });
  });

  it('times out after the machine’s TimeoutSeconds with TIMED_OUT', async () => {
    const { result, history } = await runToEnd({ ...waitDefinition, TimeoutSeconds: 5 }, {});
    expect(result).toEqual({ status: 'TIMED_OUT' });
    expect(history.at(-1)?.type).toBe('ExecutionTimedOut');
  });

  it('records {} as the input when none is given', async () => {
    const machine = createStateMachine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, { clock: virtualClock() });
    const execution = machine.start(undefined, { executionArn: EXECUTION_ARN });
    expect((await execution.result).output).toBe('{}');
  });
});

describe('limits', () => {
  it('fails a state whose output passes 256 KiB with States.DataLimitExceeded', async () => {
    const definition = { StartAt: 'State_1', States: { State_1: { Type: 'Pass', End: true } } };
    const { result } = await runToEnd(definition, { big: 'a'.repeat(262_144) });
    expect(result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: "The state/task 'State_1' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  });

  it('honours lowered payload and history limits', async () => {
    const small = await runToEnd(
      { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      { text: 'x'.repeat(100) },
      { limits: { payloadBytes: 64 } },
    );
    expect(small.result.error).toBe('States.DataLimitExceeded');
    const loop = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A' } } };
    const long = await runToEnd(loop, {}, { limits: { historyEvents: 50 } });
    expect(long.result.status).toBe('FAILED');
    expect(long.history).toHaveLength(50);
    expect(long.result.cause).toContain('maximum number of history events (50)');
  });
});
