import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, startServeProcess } from '../helpers/serve-process.js';
import { S3_TEMPLATE } from '../helpers/templates.js';

const serveSync = (args: string[]) =>
  spawnSync(process.execPath, [CLI, 'serve', '--port', '0', ...args], { encoding: 'utf8', timeout: 20_000 });

describe('sizegate-local serve --template', () => {
  it('serves the stack the template describes and prints its names on the ready line', async () => {
    // Act
    const serve = await startServeProcess(['--template', S3_TEMPLATE, '--state-machine', 'GateStack/Gate']);
    const code = await serve.stop('SIGTERM');

    // Assess
    expect(serve.ready).toMatchObject({
      bucket: 'sizegate-incoming',
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Gate',
    });
    expect(code).toBe(0);
  });

  it('lets --bucket win over the template', async () => {
    // Act
    const serve = await startServeProcess(['--template', S3_TEMPLATE, '--bucket', 'my-incoming']);
    await serve.stop('SIGTERM');

    // Assess
    expect(serve.ready.bucket).toBe('my-incoming');
  });

  it.each([
    [['--template', S3_TEMPLATE, '--min-size-bytes', '5'], '--min-size-bytes cannot be used with --template'],
    [['--template', S3_TEMPLATE, '--output-prefix', 'x/'], '--output-prefix cannot be used with --template'],
    [['--state-machine', 'GateStack/Gate'], '--state-machine needs --template'],
    [
      ['--template', '/nonexistent/Stack.template.json'],
      'Cannot read the template /nonexistent/Stack.template.json: the file does not exist',
    ],
    [['--template', S3_TEMPLATE, '--state-machine', 'Nope'], 'has no SizeGate state machine "Nope"; it has GateStack/Gate'],
  ])('is a usage error (exit 2, one clear line, no stack): %j', (args, message) => {
    // Act
    const result = serveSync(args);

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });
});
