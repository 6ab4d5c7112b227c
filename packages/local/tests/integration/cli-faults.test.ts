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

  it('serve --fault ProcessFile:Lambda.ServiceException:6 --time-scale 0.01: logs both, retries through the whole back-off at 1/100 of the time the history shows, then SUCCEEDED', async () => {
    // Prepare: 6 faults use up the Retry's MaxAttempts 6; the 7th attempt runs the handler
    const fault = `ProcessFile:Lambda.ServiceException:${RETRY.maxAttempts}`;
    const serve = await startServeProcess(['--fault', fault, '--time-scale', '0.01', '--min-size-bytes', '1']);
    const { s3, sfn } = clientsFor(serve.ready as unknown as LocalRuntime);
    const key = 'cli/faulted.txt';
    try {
      // Act
      const started = Date.now();
      await s3.send(new PutObjectCommand({ Bucket: serve.ready.bucket, Key: key, Body: 'retried by the definition' }));
      const execution = await waitForExecutionOf(sfn, serve.ready.stateMachineArn, key);
      const wallMs = Date.now() - started;
      const events = await historyOf(sfn, execution.executionArn!);

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      const failures = ofState(events, 'ProcessFile', 'TaskFailed');
      const processFileScheduled = ofState(events, 'ProcessFile', 'TaskScheduled');
      expect(failures.map((event) => event.taskFailedEventDetails?.error)).toEqual(
        Array(RETRY.maxAttempts).fill('Lambda.ServiceException'),
      );
      expect(processFileScheduled).toHaveLength(RETRY.maxAttempts + 1);
      // Assess: the scale reached the engine. The history shows each wait as AWS would record it
      // (FULL jitter: 0..min(2 s × 2^n, 60 s)); the wall clock took 1/100 of their sum plus the
      // run's own overhead. Unscaled it would take the whole sum, which is below a quarter of
      // itself plus 2 s only if the six draws add up to under 2.7 s of the 122 s ceiling total.
      const waitedMs = failures.map(
        (failure, retry) => processFileScheduled[retry + 1]!.timestamp!.getTime() - failure.timestamp!.getTime(),
      );
      for (const [retry, waited] of waitedMs.entries()) {
        const unscaledCeilingMs = Math.min(RETRY.intervalMs * RETRY.backoffRate ** retry, RETRY.maxDelayMs);
        expect(waited, `retry ${retry + 1}`).toBeGreaterThanOrEqual(0);
        // The ceiling, plus the timer's lateness (itself ×100 in the history: 20 ms late is 2 s).
        expect(waited, `retry ${retry + 1}`).toBeLessThan(unscaledCeilingMs + 5_000);
      }
      expect(wallMs).toBeLessThan(waitedMs.reduce((sum, ms) => sum + ms, 0) / 4 + 2_000);
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
