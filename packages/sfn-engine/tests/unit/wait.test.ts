import { describe, expect, it } from 'vitest';
import { detailsOf, runToEnd, skeleton } from '../helpers/run.js';

describe('Wait state', () => {
  it('runs a one-year Wait at once on the virtual clock with a year between its history timestamps', async () => {
    // Prepare
    const definition = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 365 * 24 * 3600, End: true } } };
    const wallStart = performance.now();
    // Act
    const { result, history } = await runToEnd(definition, { a: 1 });
    // Assess
    expect(performance.now() - wallStart).toBeLessThan(1000);
    expect(result.status).toBe('SUCCEEDED');
    expect(skeleton(history)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'WaitStateEntered'],
      [3, 2, 'WaitStateExited'],
      [4, 3, 'ExecutionSucceeded'],
    ]);
    const entered = history[1]?.timestamp ?? 0;
    const exited = history[2]?.timestamp ?? 0;
    expect(exited - entered).toBeGreaterThanOrEqual(365 * 24 * 3600 * 1000);
    expect(exited - entered).toBeLessThan(365 * 24 * 3600 * 1000 + 1000);
  });

  it('fails with AWS text when SecondsPath does not resolve', async () => {
    const definition = { StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.x', End: true } } };
    const { result } = await runToEnd(definition, {});
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause:
        "An error occurred while executing the state 'W' (entered at the event id #2). The SecondsPath parameter does not reference an input value: $.x",
    });
  });

  it('rejects a TimestampPath value without a zone with AWS text', async () => {
    const definition = { StartAt: 'W', States: { W: { Type: 'Wait', TimestampPath: '$.t', End: true } } };
    const { result } = await runToEnd(definition, { t: '2016-12-05T21:29:29' });
    expect(result.cause).toBe(
      "An error occurred while executing the state 'W' (entered at the event id #2). The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == 2016-12-05T21:29:29",
    );
  });

  it('waits until a Timestamp and writes its input unchanged', async () => {
    const definition = { StartAt: 'W', States: { W: { Type: 'Wait', Timestamp: '2030-01-01T00:00:00Z', End: true } } };
    const { result, history } = await runToEnd(definition, { k: 'v' });
    expect(result.output).toBe('{"k":"v"}');
    expect(history[2]?.timestamp).toBeGreaterThanOrEqual(Date.parse('2030-01-01T00:00:00Z'));
    expect(detailsOf(history[2])).toEqual({ name: 'W', output: '{"k":"v"}', outputDetails: { truncated: false } });
  });
});
