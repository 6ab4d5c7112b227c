import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startServeProcess, type ServeProcess } from '../helpers/serve-process.js';

// `sizegate-local serve --verify-signatures --access-key ID:SECRET[:NAME]`: the flags, and awscli v2
// (Debian's /usr/bin/aws) signing with the key against both services of the endpoint.

const KEY = { id: 'AKIDCLIOWNER00000000', secret: 'cli-owner-secret' };

describe('serve --verify-signatures --access-key', () => {
  it.each([
    [['--access-key', `${KEY.id}:${KEY.secret}`], '--access-key needs --verify-signatures'],
    [['--verify-signatures'], '--verify-signatures needs at least one --access-key ID:SECRET[:DISPLAY_NAME]'],
    [['--verify-signatures', '--access-key', KEY.id], `--access-key "${KEY.id}:…" must be ID:SECRET or ID:SECRET:DISPLAY_NAME`],
    [['--verify-signatures', '--access-key', `${KEY.id}:a`, '--access-key', `${KEY.id}:b`], `Access key ${KEY.id} is given twice`],
  ])('%j is refused with exit code 2 and says why, without a stack', (args, message) => {
    // Act
    const result = spawnSync(process.execPath, [CLI, 'serve', '--port', '0', ...args], { encoding: 'utf8', timeout: 20_000 });

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`sizegate-local: ${message}\n`);
    expect(result.stdout).toBe('');
  });
});

// Unmodified awscli v2 (an older v1 may shadow it on PATH). awscli 2.9 ignores AWS_ENDPOINT_URL, so every call passes --endpoint-url.
const AWS = ['/usr/bin/aws', 'aws'].find((candidate) => {
  const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return version.status === 0 && /^aws-cli\/2\./.test(version.stdout);
});
if (!AWS) console.warn('SKIPPED awscli --verify-signatures test: awscli v2 not found (apt-get install awscli; .ci/run installs it)');

describe.skipIf(!AWS)('awscli v2 against serve --verify-signatures', () => {
  let serve: ServeProcess;
  let dir: string;
  const aws = (secret: string, ...args: string[]) =>
    spawnSync(AWS ?? 'aws', [...args, '--endpoint-url', serve.ready.endpoint, '--output', 'json'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        AWS_ACCESS_KEY_ID: KEY.id,
        AWS_SECRET_ACCESS_KEY: secret,
        AWS_DEFAULT_REGION: serve.ready.region,
        AWS_MAX_ATTEMPTS: '1',
        AWS_PAGER: '',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sizegate-awscli-verify-'));
    serve = await startServeProcess([
      '--min-size-bytes',
      '1000',
      '--verify-signatures',
      '--access-key',
      `${KEY.id}:${KEY.secret}:cli owner`,
    ]);
  });

  afterAll(async () => {
    await serve?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('with the key: aws s3 cp uploads, the execution SUCCEEDS, aws stepfunctions reads it', async () => {
    // Prepare
    const file = join(dir, 'signed.bin');
    writeFileSync(file, randomBytes(4096));

    // Act
    const copied = aws(KEY.secret, 's3', 'cp', file, `s3://${serve.ready.bucket}/signed.bin`);
    let executions: { executionArn: string; status: string }[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      const listed = aws(KEY.secret, 'stepfunctions', 'list-executions', '--state-machine-arn', serve.ready.stateMachineArn);
      executions = JSON.parse(listed.stdout).executions;
      if (executions.length > 0 && executions.every((execution) => execution.status !== 'RUNNING')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // Assess
    expect(copied.status).toBe(0);
    expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });

  it('with a wrong secret: S3 SignatureDoesNotMatch and Step Functions InvalidSignatureException, exit code 254', () => {
    // Act
    const s3 = aws('wrong-secret', 's3api', 'list-objects-v2', '--bucket', serve.ready.bucket);
    const sfn = aws('wrong-secret', 'stepfunctions', 'list-executions', '--state-machine-arn', serve.ready.stateMachineArn);

    // Assess
    expect(s3.status).toBe(254);
    expect(s3.stderr).toContain('(SignatureDoesNotMatch)');
    expect(sfn.status).toBe(254);
    expect(sfn.stderr).toContain('(InvalidSignatureException)');
    expect(sfn.stderr).toContain('The request signature we calculated does not match the signature you provided');
  });
});
