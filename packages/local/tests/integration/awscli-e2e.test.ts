import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '@sizegate/types';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process.js';

// Unmodified awscli v2 (Debian's package, /usr/bin/aws; an older v1 may shadow it on PATH) drives
// the runtime. awscli 2.9 ignores AWS_ENDPOINT_URL, so every call passes --endpoint-url.
const AWS = ['/usr/bin/aws', 'aws'].find((candidate) => {
  const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return version.status === 0 && /^aws-cli\/2\./.test(version.stdout);
});
if (!AWS) console.warn('SKIPPED awscli end-to-end test: awscli v2 not found (apt-get install awscli; .ci/run installs it)');

describe.skipIf(!AWS)('awscli v2 end to end', () => {
  let serve: ServeProcess;
  let dir: string;
  const aws = (...args: string[]) =>
    execFileSync(AWS!, [...args, '--endpoint-url', serve.ready.endpoint, '--output', 'json'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: serve.ready.region,
        AWS_PAGER: '',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sizegate-awscli-'));
    serve = await startServeProcess(['--min-size-bytes', '1000']);
  });

  afterAll(async () => {
    await serve?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('aws s3 cp → the execution appears in list-executions → SUCCEEDED with the right output → history shows the path', async () => {
    // Prepare
    const file = join(dir, 'report.bin');
    writeFileSync(file, randomBytes(4096));

    // Act
    aws('s3', 'cp', file, `s3://${serve.ready.bucket}/uploads/report.bin`);
    let executions: { executionArn: string; status: string }[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      executions = JSON.parse(aws('stepfunctions', 'list-executions', '--state-machine-arn', serve.ready.stateMachineArn)).executions;
      if (executions.length > 0 && executions.every((execution) => execution.status !== 'RUNNING')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const execution = JSON.parse(aws('stepfunctions', 'describe-execution', '--execution-arn', executions[0]!.executionArn));
    const history = JSON.parse(aws('stepfunctions', 'get-execution-history', '--execution-arn', executions[0]!.executionArn));

    // Assess
    expect(executions).toHaveLength(1);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output)).toMatchObject({ Message: MESSAGES.processedOk, key: 'uploads/report.bin', size: 4096 });
    const entered = history.events
      .filter((event: { stateEnteredEventDetails?: unknown }) => event.stateEnteredEventDetails)
      .map((event: { stateEnteredEventDetails: { name: string } }) => event.stateEnteredEventDetails.name);
    expect(entered).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']);
    expect(history.events[0].type).toBe('ExecutionStarted');
    expect(history.events.at(-1).type).toBe('ExecutionSucceeded');
  });
});
