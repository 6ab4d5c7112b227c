import { GetObjectCommand, ListBucketsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { MESSAGES } from '@sizegate/types';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime } from '../../src/index.js';
import { clientsFor, listAllExecutions, statesEntered, waitForExecutionOf } from '../helpers/local-clients.js';
import { EVENTBRIDGE_IDS, EVENTBRIDGE_TEMPLATE, readTemplate, S3_IDS, S3_TEMPLATE } from '../helpers/templates.js';

// Run what you deploy: the runtime loads a synthesized stack and behaves as that stack would on
// AWS — its threshold, key filter, output prefix and trigger — with real SDK clients over HTTP.

/** The key of every execution's input, once the runtime is idle (every upload so far handled). */
async function executedKeys(local: LocalRuntime, sfn: SFNClient): Promise<string[]> {
  await local.idle();
  const items = await listAllExecutions(sfn, local.stateMachineArn);
  const executions = await Promise.all(items.map((item) => sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }))));
  return executions.map((execution) => JSON.parse(execution.input ?? '{}').key as string);
}

describe('startLocal({ template }) with S3 notifications (prefix incoming/, 1024 bytes, manifests under reports/manifests/)', () => {
  let local: LocalRuntime;
  let s3: S3Client;
  let sfn: SFNClient;

  beforeAll(async () => {
    local = await startLocal({ port: 0, template: S3_TEMPLATE, logger: silentLogger });
    ({ s3, sfn } = clientsFor(local));
  });

  afterAll(async () => {
    s3?.destroy();
    sfn?.destroy();
    await local?.close();
  });

  it('takes the names from the template', () => {
    expect(local.bucket).toBe('sizegate-incoming');
    expect(local.stateMachineArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:Gate');
  });

  it('a small upload under the prefix ends in NotifyFileTooSmall', async () => {
    // Act
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'incoming/small.txt', Body: 'x'.repeat(1023) }));
    const execution = await waitForExecutionOf(sfn, local.stateMachineArn, 'incoming/small.txt');

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toMatchObject({ Message: MESSAGES.notBigEnough, key: 'incoming/small.txt', size: 1023 });
    expect(await statesEntered(sfn, execution.executionArn!)).toEqual(['CheckFileSize', 'ChoiceState', 'NotifyFileTooSmall']);
  });

  it('a large upload (over the template threshold, under the default one) is processed, its manifest under the custom prefix', async () => {
    // Prepare
    const bytes = randomBytes(1024);
    const key = 'incoming/big file.bin';

    // Act
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: bytes }));
    const execution = await waitForExecutionOf(sfn, local.stateMachineArn, key);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const output = JSON.parse(execution.output!);
    expect(output).toMatchObject({ Message: MESSAGES.processedOk, key, size: 1024 });
    expect(output.manifest.manifestKey).toBe(`reports/manifests/${key}.manifest.json`);
    const manifest = await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: `reports/manifests/${key}.manifest.json` }));
    const written = JSON.parse(await manifest.Body!.transformToString());
    expect(written.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await statesEntered(sfn, execution.executionArn!)).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']);
  });

  it('calls the functions by the ARNs the template resolves to', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'incoming/arns.bin', Body: randomBytes(2000) }));
    const execution = await waitForExecutionOf(sfn, local.stateMachineArn, 'incoming/arns.bin');

    // Act
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn!, maxResults: 1000 }));

    // Assess
    const called = (history.events ?? []).flatMap((event) =>
      event.taskScheduledEventDetails ? [JSON.parse(event.taskScheduledEventDetails.parameters!).FunctionName] : [],
    );
    expect(called).toEqual([S3_IDS.check, S3_IDS.process].map((id) => `arn:aws:lambda:us-east-1:000000000000:function:${id}`));
  });

  it('an upload outside the key prefix starts nothing, as on AWS', async () => {
    // Act: an upload under the prefix after it, as a marker that notifications got this far
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'elsewhere/big.bin', Body: randomBytes(4096) }));
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'incoming/marker.txt', Body: 'm' }));
    await waitForExecutionOf(sfn, local.stateMachineArn, 'incoming/marker.txt');
    const keys = await executedKeys(local, sfn);

    // Assess: the uploads under incoming/ did start executions, this one did not (nor did the manifests)
    expect(keys).toContain('incoming/small.txt');
    expect(keys).not.toContain('elsewhere/big.bin');
    expect(keys.every((key) => key.startsWith('incoming/'))).toBe(true);
  });
});

describe('startLocal({ template }) with the EventBridge trigger (prefix uploads/, 2048 bytes, a separate manifest bucket)', () => {
  let local: LocalRuntime;
  let s3: S3Client;
  let sfn: SFNClient;
  const outputBucket = EVENTBRIDGE_IDS.output.toLowerCase();

  beforeAll(async () => {
    local = await startLocal({ port: 0, template: EVENTBRIDGE_TEMPLATE, logger: silentLogger });
    ({ s3, sfn } = clientsFor(local));
  });

  afterAll(async () => {
    s3?.destroy();
    sfn?.destroy();
    await local?.close();
  });

  it('takes the bucket and state machine names from the template and creates the manifest bucket', async () => {
    // Act
    const buckets = await s3.send(new ListBucketsCommand({}));

    // Assess
    expect(local.bucket).toBe('eventgate-uploads');
    expect(local.stateMachineArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:eventgate-us-east-1');
    expect(buckets.Buckets?.map((bucket) => bucket.Name).sort()).toEqual(['eventgate-uploads', outputBucket].sort());
  });

  it('a small upload ends in NotifyFileTooSmall; a large one is processed, its manifest in the manifest bucket', async () => {
    // Prepare
    const bytes = randomBytes(2048);

    // Act
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'uploads/small.csv', Body: randomBytes(2047) }));
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'uploads/big+plus.csv', Body: bytes }));
    const small = await waitForExecutionOf(sfn, local.stateMachineArn, 'uploads/small.csv');
    const big = await waitForExecutionOf(sfn, local.stateMachineArn, 'uploads/big+plus.csv');

    // Assess
    expect(JSON.parse(small.output!)).toMatchObject({ Message: MESSAGES.notBigEnough, size: 2047 });
    expect(JSON.parse(big.output!)).toMatchObject({ Message: MESSAGES.processedOk, key: 'uploads/big+plus.csv', size: 2048 });
    const manifest = await s3.send(new GetObjectCommand({ Bucket: outputBucket, Key: 'processed/uploads/big+plus.csv.manifest.json' }));
    expect(JSON.parse(await manifest.Body!.transformToString()).sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it("an upload outside the rule's key prefix starts nothing", async () => {
    // Act
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'other/big.csv', Body: randomBytes(4096) }));
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'uploads/marker.csv', Body: 'm' }));
    await waitForExecutionOf(sfn, local.stateMachineArn, 'uploads/marker.csv');
    const keys = await executedKeys(local, sfn);

    // Assess
    expect(keys).toContain('uploads/marker.csv');
    expect(keys).not.toContain('other/big.csv');
  });
});

describe('startLocal({ template, functions })', () => {
  it('delivers the EventBridge "Object Created" shape to the trigger\'s function, keys as stored, only for matching keys', async () => {
    // Prepare: the start-execution function replaced by a recorder
    const received: unknown[] = [];
    const local = await startLocal({
      port: 0,
      template: EVENTBRIDGE_TEMPLATE,
      functions: { [EVENTBRIDGE_IDS.start]: async (event: never) => void received.push(event) },
      logger: silentLogger,
    });
    const { s3, sfn } = clientsFor(local);
    try {
      // Act
      await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'other/skip.txt', Body: 'x' }));
      await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'uploads/a b+c.txt', Body: 'hello' }));
      for (let attempt = 0; attempt < 400 && received.length === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 25));
      await local.idle();

      // Assess
      expect(received).toEqual([
        expect.objectContaining({
          source: 'aws.s3',
          'detail-type': 'Object Created',
          account: '000000000000',
          region: 'us-east-1',
          resources: ['arn:aws:s3:::eventgate-uploads'],
          detail: expect.objectContaining({
            bucket: { name: 'eventgate-uploads' },
            object: expect.objectContaining({ key: 'uploads/a b+c.txt', size: 5 }),
            reason: 'PutObject',
          }),
        }),
      ]);
      expect(await listAllExecutions(sfn, local.stateMachineArn)).toEqual([]);
    } finally {
      s3.destroy();
      sfn.destroy();
      await local.close();
    }
  });

  it("runs the handler given for a function the template does not map (the user's own ProcessFile)", async () => {
    // Prepare
    const template = readTemplate(S3_TEMPLATE);
    delete template.Resources[S3_IDS.process].Metadata['sizegate:handler'];
    const local = await startLocal({
      port: 0,
      template,
      functions: { [S3_IDS.process]: async (event: never) => ({ mine: true, key: (event as { key: string }).key }) },
      logger: silentLogger,
    });
    const { s3, sfn } = clientsFor(local);
    try {
      // Act
      await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'incoming/own.bin', Body: randomBytes(1500) }));
      const execution = await waitForExecutionOf(sfn, local.stateMachineArn, 'incoming/own.bin');

      // Assess
      expect(JSON.parse(execution.output!)).toMatchObject({
        Message: MESSAGES.processedOk,
        manifest: { mine: true, key: 'incoming/own.bin' },
      });
    } finally {
      s3.destroy();
      sfn.destroy();
      await local.close();
    }
  });
});
