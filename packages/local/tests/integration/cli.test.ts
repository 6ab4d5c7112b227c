import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rawRequest } from '@sizegate/testing';
import { CLI, startServeProcess } from '../helpers/serve-process.js';

describe('sizegate-local serve', () => {
  it('prints exactly one JSON ready line on stdout, serves, and exits 0 on SIGTERM', async () => {
    // Act
    const serve = await startServeProcess(['--bucket', 'my-incoming']);
    const s3 = new S3Client({
      endpoint: serve.ready.endpoint,
      region: serve.ready.region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'anything', secretAccessKey: 'anything' },
    });
    const buckets = await s3.send(new ListBucketsCommand({}));
    s3.destroy();
    const code = await serve.stop('SIGTERM');

    // Assess
    expect(Object.keys(serve.ready).sort()).toEqual(['bucket', 'console', 'endpoint', 'region', 'stateMachineArn']);
    expect(serve.ready).toMatchObject({
      region: 'us-east-1',
      bucket: 'my-incoming',
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sizegate',
    });
    expect(serve.ready.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(buckets.Buckets?.map((bucket) => bucket.Name)).toContain('my-incoming');
    expect(serve.stdout().trim().split('\n')).toHaveLength(1);
    expect(code).toBe(0);
  });

  it('without --host binds 127.0.0.1: the ready line names http://127.0.0.1:<port>, it serves there, and nothing is logged at WARN', async () => {
    // Prepare: info level whatever SIZEGATE_LOG_LEVEL says, so a warning would be printed.
    const serve = await startServeProcess(['--log-level', 'info']);
    const port = Number(new URL(serve.ready.endpoint).port);

    // Act
    const listed = await rawRequest(port, 'GET', '/sizegate-incoming', { host: `127.0.0.1:${port}` });
    const code = await serve.stop();
    const stderr = serve.stderr();

    // Assess
    expect(serve.ready.endpoint).toBe(`http://127.0.0.1:${port}`);
    expect(listed.status).toBe(200);
    expect(stderr).not.toContain('other machines can reach');
    const logLines = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string });
    expect(logLines.filter((line) => line.level === 'WARN')).toEqual([]);
    expect(code).toBe(0);
  });

  it('exits 0 on SIGINT too', async () => {
    const serve = await startServeProcess();
    expect(await serve.stop('SIGINT')).toBe(0);
  });

  it('rejects a bad option value with exit code 2 and a message naming the option', () => {
    // Act
    const result = spawnSync(process.execPath, [CLI, 'serve', '--port', 'abc'], { encoding: 'utf8', timeout: 20_000 });

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port');
  });

  it('a port in use: one line naming it and suggesting --port 0, no stack trace', async () => {
    // Prepare
    const first = await startServeProcess();
    const port = new URL(first.ready.endpoint).port;

    // Act
    const second = spawnSync(process.execPath, [CLI, 'serve', '--port', port], { encoding: 'utf8', timeout: 20_000 });
    await first.stop();

    // Assess: one line, naming the address and what to do; no stack trace
    expect(second.status).toBe(1);
    expect(second.stderr).toBe(
      `sizegate-local: 127.0.0.1:${port} is already in use (another sizegate-local serve?): stop it, or pass --port 0 for a free port (or --port N)\n`,
    );
    expect(second.stderr).not.toContain('    at ');
  });

  it('--allowed-host (repeatable) adds Host names; other hosts get 403 and a warning on stderr', async () => {
    // Prepare
    const serve = await startServeProcess(['--allowed-host', 'sizegate.test', '--allowed-host', 'devbox:8080']);
    const port = Number(new URL(serve.ready.endpoint).port);

    // Act
    const named = await rawRequest(port, 'GET', '/sizegate-incoming', { host: 'sizegate.test' });
    const withPort = await rawRequest(port, 'GET', '/sizegate-incoming', { host: 'devbox:8080' });
    const other = await rawRequest(port, 'GET', '/sizegate-incoming', { host: 'evil.example' });
    const code = await serve.stop();

    // Assess
    expect([named.status, withPort.status, other.status]).toEqual([200, 200, 403]);
    expect(other.body).toContain('<Code>AccessDenied</Code>');
    const warning = serve
      .stderr()
      .split('\n')
      .find((line) => line.includes('DNS rebinding'));
    expect(JSON.parse(warning ?? '{}')).toMatchObject({ level: 'WARN', host: 'evil.example', method: 'GET' });
    expect(code).toBe(0);
  });

  it('rejects an --allowed-host that is not a host name with exit code 2', () => {
    // Act
    const result = spawnSync(process.execPath, [CLI, 'serve', '--allowed-host', 'http://evil/'], { encoding: 'utf8', timeout: 20_000 });

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--allowed-host');
  });
});
