import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { executionNameFor, type BackfillSummary } from '@sizegate/start-execution';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime } from '../../src/index.js';
import { clientsFor, listAllExecutions } from '../helpers/local-clients.js';
import { CLI } from '../helpers/serve-process.js';

// `sizegate-local backfill --aws`: its argument errors, and the AWS path itself. The AWS path
// builds its clients with no endpoint and no credentials of its own, leaving both to the SDK's
// standard configuration. That configuration can name a service endpoint
// (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_SFN), which the command itself never reads: pointed at
// the local runtime that way, the same code that would talk to AWS talks to it, with the
// credentials, region and addressing the SDK resolves on its own.

const run = promisify(execFile);
const ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:sizegate';

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'sizegate-backfill-aws-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/**
 * An environment with nothing from this machine's AWS setup: no profile files, no instance
 * metadata, no endpoint; `extra` adds what a test means to give the SDK.
 */
const isolatedEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env['PATH'] ?? '',
  HOME: home,
  AWS_CONFIG_FILE: join(home, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  ...extra,
});

describe('sizegate-local backfill: argument errors', () => {
  it.each([
    [['--aws', '--endpoint', 'http://127.0.0.1:1', '--bucket', 'b', '--state-machine-arn', ARN], '--aws and --endpoint exclude each other'],
    [['--aws', '--state-machine-arn', ARN], '--aws needs --bucket (there is no default on AWS)'],
    [['--aws', '--bucket', 'b'], '--aws needs --state-machine-arn (there is no default on AWS)'],
    [['--aws'], '--aws needs --bucket and --state-machine-arn'],
    [['--concurrency', '0'], '--concurrency must be an integer >= 1 (got "0")'],
    [['--no-such-flag'], "'--no-such-flag'"],
  ])('backfill %j exits 2 with a message naming the flag and prints no summary', (args, message) => {
    // Act
    const result = spawnSync(process.execPath, [CLI, 'backfill', ...args], { encoding: 'utf8', env: isolatedEnv(), timeout: 20_000 });

    // Assess: a usage error on stderr, no summary on stdout, no stack trace
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^sizegate-local: /m);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('    at ');
    expect(result.stdout).toBe('');
  });
});

describe('sizegate-local backfill --aws, the SDK configured to reach the local runtime', () => {
  let local: LocalRuntime;
  let s3: S3Client;
  let sfn: SFNClient;
  const KEYS = ['incoming/a.csv', 'incoming/b c.csv'];

  beforeEach(async () => {
    // Notifications wait ten minutes: the uploads have no execution until backfill starts one.
    local = await startLocal({ port: 0, logger: silentLogger, delivery: { delayMs: 600_000 } });
    ({ s3, sfn } = clientsFor(local));
    for (const key of KEYS) await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: `body of ${key}` }));
  });

  afterEach(async () => {
    s3.destroy();
    sfn.destroy();
    await local.close();
  });

  /** `sizegate-local backfill --aws ...` as a child process (async: the runtime runs in this process): a summary or an error. */
  async function backfillOnAws(env: NodeJS.ProcessEnv): Promise<{ code: number; output: Partial<BackfillSummary> & { message?: string } }> {
    const args = [CLI, 'backfill', '--aws', '--bucket', local.bucket, '--state-machine-arn', local.stateMachineArn];
    const result = await run(process.execPath, args, { env, timeout: 30_000 }).then(
      (output) => ({ code: 0, stdout: output.stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
    );
    return { code: result.code, output: JSON.parse(result.stdout) };
  }

  /** The SDK's own configuration: credentials and region from the environment, endpoints per service. */
  const sdkConfiguredEnv = () =>
    isolatedEnv({
      AWS_REGION: local.region,
      AWS_ACCESS_KEY_ID: 'backfill-aws-path',
      AWS_SECRET_ACCESS_KEY: 'backfill-aws-path',
      AWS_ENDPOINT_URL_S3: local.endpoint,
      AWS_ENDPOINT_URL_SFN: local.endpoint,
    });

  it('--aws lists the bucket and starts one execution per object, named as the trigger names it; re-running starts nothing', async () => {
    // Act
    const first = await backfillOnAws(sdkConfiguredEnv());
    const again = await backfillOnAws(sdkConfiguredEnv());
    const executions = await listAllExecutions(sfn, local.stateMachineArn);

    // Assess
    expect(first).toEqual({
      code: 0,
      output: { bucket: local.bucket, prefix: '', listed: 2, started: 2, alreadyStarted: 0, skipped: 0, failed: [] },
    });
    expect(again).toEqual({
      code: 0,
      output: { bucket: local.bucket, prefix: '', listed: 2, started: 0, alreadyStarted: 2, skipped: 0, failed: [] },
    });
    expect(executions).toHaveLength(2);
    for (const item of executions) {
      const { key } = JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }))).input!) as {
        key: string;
      };
      const { ETag } = await s3.send(new HeadObjectCommand({ Bucket: local.bucket, Key: key }));
      expect(item.name).toBe(executionNameFor({ bucket: local.bucket, key, etag: ETag }));
    }
  });

  it('--aws never falls back to the local credentials: with none in the environment it exits 1 naming the bucket and CredentialsProviderError, starting nothing', async () => {
    // Prepare: the endpoints and region as above, but no credentials anywhere
    const { AWS_ACCESS_KEY_ID: _key, AWS_SECRET_ACCESS_KEY: _secret, ...withoutCredentials } = sdkConfiguredEnv();

    // Act
    const result = await backfillOnAws(withoutCredentials);

    // Assess
    expect(result.code).toBe(1);
    expect(result.output.message).toContain('CredentialsProviderError');
    expect(result.output.message).toContain(`bucket "${local.bucket}"`);
    expect(await listAllExecutions(sfn, local.stateMachineArn)).toEqual([]);
  });
});
