import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SizeGate } from '@sizegate/construct';
import { silentLogger, startLocal, type LocalRuntime } from '@sizegate/local';
import { MESSAGES } from '@sizegate/types';
import { App, Stack } from 'aws-cdk-lib';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, STACK_NAME } from '../src/app.js';

// What is deployed runs on the laptop: the template CDK synthesizes (the construct's real output,
// not a fixture) loaded into the local runtime, exercised with real SDK clients over HTTP.

const outdir = mkdtempSync(join(tmpdir(), 'sizegate-deploy-local-'));
const runtimes: LocalRuntime[] = [];
afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
  rmSync(outdir, { recursive: true, force: true });
});

/** Synthesizes the app `build` makes into its own directory; returns the stack's template path. */
function synthesize(build: (appOutdir: string) => { app: App; stackName: string }): string {
  const appOutdir = join(outdir, `app-${runtimes.length}`);
  const { app, stackName } = build(appOutdir);
  app.synth();
  return join(appOutdir, `${stackName}.template.json`);
}

async function run(templatePath: string) {
  const local = await startLocal({ port: 0, template: templatePath, logger: silentLogger });
  runtimes.push(local);
  const config = { endpoint: local.endpoint, region: local.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  return { local, s3: new S3Client({ ...config, forcePathStyle: true }), sfn: new SFNClient(config) };
}

async function executionsOf(sfn: SFNClient, stateMachineArn: string) {
  return (await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000 }))).executions ?? [];
}

async function finishedExecutionFor(sfn: SFNClient, stateMachineArn: string, key: string) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const item of await executionsOf(sfn, stateMachineArn)) {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }));
      if (JSON.parse(execution.input ?? '{}').key === key && execution.status !== 'RUNNING') return execution;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no finished execution for ${key} within 20 s`);
}

async function statesEntered(sfn: SFNClient, executionArn: string): Promise<string[]> {
  const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return events.flatMap((event) => (event.stateEnteredEventDetails?.name ? [event.stateEnteredEventDetails.name] : []));
}

describe('the synthesized template on the local runtime', () => {
  it('runs apps/deploy as deployed: a small file is not big enough, a 2,000,000-byte file is processed with a manifest', async () => {
    // Prepare
    const templatePath = synthesize((appOutdir) => ({ app: createApp({ outdir: appOutdir }).app, stackName: STACK_NAME }));
    const { local, s3, sfn } = await run(templatePath);
    const large = Buffer.alloc(2_000_000, 'x');

    // Act
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'in/small.txt', Body: 'tiny' }));
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'in/large.bin', Body: large }));
    const small = await finishedExecutionFor(sfn, local.stateMachineArn, 'in/small.txt');
    const big = await finishedExecutionFor(sfn, local.stateMachineArn, 'in/large.bin');

    // Assess
    expect(small.status).toBe('SUCCEEDED');
    expect(JSON.parse(small.output ?? '{}').Message).toBe(MESSAGES.notBigEnough);
    expect(await statesEntered(sfn, small.executionArn!)).toEqual(['CheckFileSize', 'ChoiceState', 'NotifyFileTooSmall']);
    expect(big.status).toBe('SUCCEEDED');
    const output = JSON.parse(big.output ?? '{}');
    expect(output.Message).toBe(MESSAGES.processedOk);
    expect(await statesEntered(sfn, big.executionArn!)).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']);
    expect(output.manifest.sha256).toBe(createHash('sha256').update(large).digest('hex'));
    const manifest = await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: 'processed/in/large.bin.manifest.json' }));
    expect(JSON.parse(await manifest.Body!.transformToString()).size).toBe(2_000_000);
  });

  it('runs a customised stack with its own threshold, key filter and output prefix', async () => {
    // Prepare
    const templatePath = synthesize((appOutdir) => {
      const app = new App({ outdir: appOutdir });
      new SizeGate(new Stack(app, 'CustomStack'), 'Gate', { minSizeBytes: 1024, keyPrefix: 'uploads/', outputPrefix: 'reports/' });
      return { app, stackName: 'CustomStack' };
    });
    const { local, s3, sfn } = await run(templatePath);

    // Act
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'elsewhere/ignored.bin', Body: Buffer.alloc(4096) }));
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'uploads/small.txt', Body: Buffer.alloc(1023) }));
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'uploads/large.bin', Body: Buffer.alloc(1024) }));
    const small = await finishedExecutionFor(sfn, local.stateMachineArn, 'uploads/small.txt');
    const large = await finishedExecutionFor(sfn, local.stateMachineArn, 'uploads/large.bin');
    await local.idle();

    // Assess
    expect(JSON.parse(small.output ?? '{}').Message).toBe(MESSAGES.notBigEnough);
    expect(JSON.parse(large.output ?? '{}').Message).toBe(MESSAGES.processedOk);
    const manifest = await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: 'reports/uploads/large.bin.manifest.json' }));
    expect(JSON.parse(await manifest.Body!.transformToString()).key).toBe('uploads/large.bin');
    const keys = await Promise.all(
      (await executionsOf(sfn, local.stateMachineArn)).map(async (item) => {
        const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }));
        return JSON.parse(execution.input ?? '{}').key as string;
      }),
    );
    expect(keys.sort()).toEqual(['uploads/large.bin', 'uploads/small.txt']);
  });
});
