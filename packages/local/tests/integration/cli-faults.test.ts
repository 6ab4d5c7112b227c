import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DEFAULT_RETRY } from '@sizegate/state-machine';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../src/index.js';
import { historyOf, ofState } from '../helpers/fault-history.js';
import { clientsFor, waitForExecutionOf } from '../helpers/local-clients.js';
import { CLI, startServeProcess } from '../helpers/serve-process.js';

/** The default definition's Retry of Lambda service errors: 2 s × 2^n, at most 60 s, 6 retries, FULL jitter. */
const RETRY = {
  intervalMs: DEFAULT_RETRY.intervalSeconds * 1000,
  backoffRate: DEFAULT_RETRY.backoffRate,
  maxDelayMs: DEFAULT_RETRY.maxDelaySeconds * 1000,
  maxAttempts: DEFAULT_RETRY.maxAttempts,
};

/** Runs `sizegate-local serve --port 0 ...args`, which must exit at once (bad arguments). */
const serveExpectingExit = (args: string[]) =>
  spawnSync(process.execPath, [CLI, 'serve', '--port', '0', ...args], { encoding: 'utf8', timeout: 20_000 });

describe('sizegate-local serve --fault / --time-scale', () => {
  it.each([
    [['--fault', 'ProcessFile:Lambda.ServiceException'], '--fault'],
    [['--fault', 'ProcessFile:Lambda.ServiceException:two'], '--fault'],
    [['--fault', 'ProcessFile:Lambda.ServiceException:0'], 'COUNT must be an integer >= 1'],
    [['--fault', 'NoSuchState:Lambda.ServiceException:1'], '"NoSuchState"'],
    [['--fault', 'ChoiceState:Lambda.ServiceException:1'], 'only Task states'],
    [['--time-scale', '0'], '--time-scale'],
    [['--time-scale', '2'], '--time-scale'],
    [['--time-scale', 'fast'], '--time-scale'],
  ])('rejects %j with exit code 2 and a message naming the flag', (args, named) => {
    // Act
    const result = serveExpectingExit(args);

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(named);
    expect(result.stderr).not.toContain('    at '); // a usage message, not a stack trace
  });

  it('lists every bad --fault in one message', () => {
    // Act
    const result = serveExpectingExit([
      '--fault',
      'NoSuchState:E:1',
      '--fault',
      'ChoiceState:E:1',
      '--fault',
      'ProcessFile:States.Timeout:1',
    ]);

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--fault');
    expect(result.stderr).toContain('"NoSuchState"');
    expect(result.stderr).toContain('"ChoiceState" is a Choice state');
    expect(result.stderr).toContain('States.* errors');
  });

  it('serve --fault ProcessFile:Lambda.ServiceException:6 --time-scale 0.01: logs both, retries through the whole back-off, every wait far below the unscaled interval, then SUCCEEDED', async () => {
    // Prepare: 6 faults use up the Retry's MaxAttempts 6; the 7th attempt runs the handler
    const fault = `ProcessFile:Lambda.ServiceException:${RETRY.maxAttempts}`;
    const serve = await startServeProcess(['--fault', fault, '--time-scale', '0.01', '--min-size-bytes', '1']);
    const { s3, sfn } = clientsFor(serve.ready as unknown as LocalRuntime);
    const key = 'cli/faulted.txt';
    try {
      // Act
      await s3.send(new PutObjectCommand({ Bucket: serve.ready.bucket, Key: key, Body: 'retried by the definition' }));
      const execution = await waitForExecutionOf(sfn, serve.ready.stateMachineArn, key);
      const events = await historyOf(sfn, execution.executionArn!);

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      const failures = ofState(events, 'ProcessFile', 'TaskFailed');
      const processFileScheduled = ofState(events, 'ProcessFile', 'TaskScheduled');
      expect(failures.map((event) => event.taskFailedEventDetails?.error)).toEqual(
        Array(RETRY.maxAttempts).fill('Lambda.ServiceException'),
      );
      expect(processFileScheduled).toHaveLength(RETRY.maxAttempts + 1);
      // Assess: the scale reached the engine. Unscaled, FULL jitter draws retry n's wait from
      // 0..min(2 s × 2^n, 60 s), so all six waits land under a quarter of their ceiling only once
      // in 4^6 = 4,096 runs; scaled, each is at most 1/100 of it (20 ms ... 600 ms) plus the
      // event loop's delay, which a quarter of the ceiling (500 ms ... 15 s) leaves ample room for.
      for (const [retry, failure] of failures.entries()) {
        const waitedMs = processFileScheduled[retry + 1]!.timestamp!.getTime() - failure.timestamp!.getTime();
        const unscaledCeilingMs = Math.min(RETRY.intervalMs * RETRY.backoffRate ** retry, RETRY.maxDelayMs);
        expect(waitedMs, `retry ${retry + 1}`).toBeGreaterThanOrEqual(0);
        expect(waitedMs, `retry ${retry + 1}`).toBeLessThan(unscaledCeilingMs / 4);
      }
      const startLine = serve
        .stderr()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line['message'] === 'Faults injected and time scaled');
      expect(startLine).toMatchObject({ level: 'WARN', faults: [fault], timeScale: 0.01 });
    } finally {
      s3.destroy();
      sfn.destroy();
      expect(await serve.stop()).toBe(0);
    }
  });
});
