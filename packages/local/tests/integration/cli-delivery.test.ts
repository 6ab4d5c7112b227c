import { PutObjectCommand } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../src/index.js';
import { clientsFor, listAllExecutions, waitForExecutionOf } from '../helpers/local-clients.js';
import { CLI, startServeProcess } from '../helpers/serve-process.js';

/** start-execution's one log line per record it handled, for `key` (JSON lines on stderr). */
function handledLines(stderr: string, key: string): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line['key'] === key && 'executionName' in line);
}

describe('sizegate-local serve --delivery / --event-shape', () => {
  it.each([
    [['--delivery', 'shuffle'], '--delivery'],
    [['--delivery', 'delay=soon'], 'delay=MS'],
    [['--event-shape', 'sqs'], '--event-shape'],
  ])('rejects %j with exit code 2 and a message naming the option', (args, named) => {
    // Act
    const result = spawnSync(process.execPath, [CLI, 'serve', '--port', '0', ...args], { encoding: 'utf8', timeout: 20_000 });

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(named);
  });

  it('--delivery duplicate,reorder,delay=20 --event-shape eventbridge: two deliveries, one execution that succeeds', async () => {
    // Prepare
    const serve = await startServeProcess(['--delivery', 'duplicate,reorder,delay=20', '--event-shape', 'eventbridge']);
    const { s3, sfn } = clientsFor(serve.ready as unknown as LocalRuntime);
    const key = 'cli/a+b 50%.txt';
    try {
      // Act
      await s3.send(new PutObjectCommand({ Bucket: serve.ready.bucket, Key: key, Body: 'tiny' }));
      const execution = await waitForExecutionOf(sfn, serve.ready.stateMachineArn, key);
      const deadline = Date.now() + 10_000;
      while (handledLines(serve.stderr(), key).length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      expect(handledLines(serve.stderr(), key)).toHaveLength(2);
      expect(await listAllExecutions(sfn, serve.ready.stateMachineArn)).toHaveLength(1);
    } finally {
      s3.destroy();
      sfn.destroy();
      expect(await serve.stop()).toBe(0);
    }
  });
});
