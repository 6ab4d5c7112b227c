import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
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
    expect(Object.keys(serve.ready).sort()).toEqual(['bucket', 'endpoint', 'region', 'stateMachineArn']);
    expect(serve.ready).toMatchObject({ region: 'us-east-1', bucket: 'my-incoming', stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sizegate' });
    expect(serve.ready.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(buckets.Buckets?.map((bucket) => bucket.Name)).toContain('my-incoming');
    expect(serve.stdout().trim().split('\n')).toHaveLength(1);
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

  it('says the port is taken and suggests --port 0', async () => {
    // Prepare
    const first = await startServeProcess();
    const port = new URL(first.ready.endpoint).port;

    // Act
    const second = spawnSync(process.execPath, [CLI, 'serve', '--port', port], { encoding: 'utf8', timeout: 20_000 });
    await first.stop();

    // Assess
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('--port 0');
  });
});
