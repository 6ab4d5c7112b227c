import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../src/index.js';
import { clientsFor, waitForExecutionOf } from '../helpers/local-clients.js';
import { CLI, startServeProcess } from '../helpers/serve-process.js';

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
    const result = serveExpectingExit(['--fault', 'NoSuchState:E:1', '--fault', 'ChoiceState:E:1', '--fault', 'ProcessFile:States.Timeout:1']);

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--fault');
    expect(result.stderr).toContain('"NoSuchState"');
    expect(result.stderr).toContain('"ChoiceState" is a Choice state');
    expect(result.stderr).toContain('States.* errors');
  });

  it('serve --fault ProcessFile:Lambda.ServiceException:2 --time-scale 0.01: logs both, retries twice, then SUCCEEDED', async () => {
    // Prepare
    const fault = 'ProcessFile:Lambda.ServiceException:2';
    const serve = await startServeProcess(['--fault', fault, '--time-scale', '0.01', '--min-size-bytes', '1']);
    const { s3, sfn } = clientsFor(serve.ready as unknown as LocalRuntime);
    const key = 'cli/faulted.txt';
    try {
      // Act
      await s3.send(new PutObjectCommand({ Bucket: serve.ready.bucket, Key: key, Body: 'retried by the definition' }));
      const execution = await waitForExecutionOf(sfn, serve.ready.stateMachineArn, key);
      const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn!, maxResults: 1000 }));

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      const failures = (history.events ?? []).filter((event) => event.type === 'TaskFailed');
      expect(failures.map((event) => event.taskFailedEventDetails?.error)).toEqual(['Lambda.ServiceException', 'Lambda.ServiceException']);
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
