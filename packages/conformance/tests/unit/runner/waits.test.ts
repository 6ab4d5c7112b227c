import { describe, expect, it } from 'vitest';
import { runWait, type WaitOptions } from '../../../src/runner/waits.js';
import { fakeClock, okResponse, scriptedDriver } from '../../helpers/fakes.js';

const ARN = 'arn:aws:states:us-east-1:111111111111:execution:sm:e1';

function options(): WaitOptions {
  return { clock: fakeClock(), timeoutMs: 1_000, intervalMs: 2, maxIntervalMs: 100 };
}

const history = (...types: string[]) =>
  okResponse({
    events: types.map((type, index) => ({
      id: index + 1,
      type,
      timestamp: new Date(index),
      ...(type === 'ExecutionSucceeded' ? { executionSucceededEventDetails: {} } : {}),
      ...(type === 'ExecutionStarted' ? { executionStartedEventDetails: {} } : {}),
    })),
  });

describe('waits become bounded polling', () => {
  it('polls GetExecutionHistory until the execution succeeds', async () => {
    // Prepare: RUNNING for two polls, then done
    let polls = 0;
    const driver = scriptedDriver(() => (++polls < 3 ? history('ExecutionStarted') : history('ExecutionStarted', 'ExecutionSucceeded')));

    // Act
    const outcome = await runWait('await_execution_success', { execution_arn: ARN }, 2, driver, options());

    // Assess
    expect(outcome).toEqual({ met: true });
    expect(driver.calls.map((call) => [call.operation, call.args.executionArn])).toEqual([
      ['GetExecutionHistory', ARN],
      ['GetExecutionHistory', ARN],
      ['GetExecutionHistory', ARN],
    ]);
  });

  it('gives up on an execution that never ends, within its bound, as a fatal wait', async () => {
    // Prepare
    const driver = scriptedDriver(() => history('ExecutionStarted'));
    const waitOptions = options();

    // Act
    const outcome = await runWait('await_execution_terminated', { execution_arn: ARN }, 2, driver, waitOptions);

    // Assess
    expect(outcome).toMatchObject({ met: false, fatal: true });
    expect(waitOptions.clock.now()).toBe(1_000);
    expect(driver.calls.length).toBeLessThan(20);
  });

  it('stops at once when the execution ended otherwise than awaited', async () => {
    const driver = scriptedDriver(() => history('ExecutionStarted', 'ExecutionFailed'));
    const outcome = await runWait('await_execution_success', { execution_arn: ARN }, 2, driver, options());
    expect(outcome).toEqual({ met: false, fatal: true, reason: 'await_execution_success: the execution ended with ExecutionFailed' });
    expect(driver.calls).toHaveLength(1);
  });

  it('lets a list wait time out without stopping the case (the source only logged it)', async () => {
    const driver = scriptedDriver(() => okResponse({ stateMachines: [] }));
    const outcome = await runWait('await_state_machine_listed', { state_machine_arn: 'arn:sm' }, 1, driver, options());
    expect(outcome).toMatchObject({ met: false, fatal: false });
  });

  it('keeps polling through errors (the execution may not exist yet)', async () => {
    let polls = 0;
    const driver = scriptedDriver(() =>
      ++polls === 1 ? { ok: false, error: { code: 'ExecutionDoesNotExist', message: 'x', httpStatus: 400 } } : history('ExecutionStarted'),
    );
    const outcome = await runWait('await_execution_started', { execution_arn: ARN }, 2, driver, options());
    expect(outcome).toEqual({ met: true });
  });

  it('refuses a wait it cannot poll (CloudWatch Logs)', async () => {
    const driver = scriptedDriver(() => okResponse({}));
    const outcome = await runWait('await_on_execution_logs', { arn: 'log-group' }, 3, driver, options());
    expect(outcome).toMatchObject({ met: false, fatal: true });
    expect(driver.calls).toHaveLength(0);
  });
});

describe('history waits over several pages', () => {
  it('reads the pages to the last event', async () => {
    // Prepare: the terminal event is on the second page
    const driver = scriptedDriver((call) =>
      call.args.nextToken === 'page-2'
        ? okResponse({ events: [{ id: 2, type: 'ExecutionSucceeded', timestamp: new Date(2), executionSucceededEventDetails: {} }] })
        : okResponse({
            events: [{ id: 1, type: 'ExecutionStarted', timestamp: new Date(1), executionStartedEventDetails: {} }],
            nextToken: 'page-2',
          }),
    );

    // Act
    const outcome = await runWait('await_execution_success', { execution_arn: ARN }, 2, driver, options());

    // Assess
    expect(outcome).toEqual({ met: true });
    expect(driver.calls.map((call) => call.args.nextToken)).toEqual([undefined, 'page-2']);
  });
});
