import { CopyObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { MESSAGES } from '@sizegate/types';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime } from '../../src/index.js';
import { clientsFor, listAllExecutions, statesEntered, waitForExecutionOf } from '../helpers/local-clients.js';

// The whole runtime over HTTP: real SDK clients with default settings upload, the runtime turns
// uploads into notifications, start-execution starts executions, the engine runs the real handlers.
const MIN = 1000;
let local: LocalRuntime;
let s3: S3Client;
let sfn: SFNClient;

beforeAll(async () => {
  local = await startLocal({ port: 0, minSizeBytes: MIN, logger: silentLogger });
  ({ s3, sfn } = clientsFor(local));
});

afterAll(async () => {
  s3?.destroy();
  sfn?.destroy();
  await local?.close();
});

describe('startLocal', () => {
  it('serves S3 and Step Functions on one 127.0.0.1 endpoint with the documented defaults', () => {
    expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(local.bucket).toBe('sizegate-incoming');
    expect(local.region).toBe('us-east-1');
    expect(local.stateMachineArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:sizegate');
  });

  it('a small upload (SDK defaults) ends in NotifyFileTooSmall', async () => {
    // Act
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'small.txt', Body: 'tiny' }));
    const execution = await waitForExecutionOf(sfn, local.stateMachineArn, 'small.txt');

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({
      Message: MESSAGES.notBigEnough,
      bucket: local.bucket,
      key: 'small.txt',
      versionId: null,
      size: 4,
    });
    expect(await statesEntered(sfn, execution.executionArn!)).toEqual(['CheckFileSize', 'ChoiceState', 'NotifyFileTooSmall']);
  });

  it('a streamed upload of unknown length over the threshold is processed, with a matching SHA-256', async () => {
    // Prepare
    const bytes = randomBytes(MIN * 5);
    const key = 'dir/streamed upload ü+plus.bin';

    // Act: a stream body makes the SDK send aws-chunked with a trailing checksum by default
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: Readable.from([bytes]), ContentLength: bytes.length }));
    const execution = await waitForExecutionOf(sfn, local.stateMachineArn, key);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const output = JSON.parse(execution.output!);
    expect(output).toMatchObject({ Message: MESSAGES.processedOk, key, size: bytes.length });
    expect(output.manifest.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const manifest = await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: output.manifest.manifestKey }));
    expect(JSON.parse(await manifest.Body!.transformToString())).toEqual(output.manifest);
    expect(await statesEntered(sfn, execution.executionArn!)).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']);
  });

  it('a copy into the incoming bucket starts its own execution', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'original.bin', Body: randomBytes(MIN + 1) }));
    await waitForExecutionOf(sfn, local.stateMachineArn, 'original.bin');

    // Act
    await s3.send(new CopyObjectCommand({ Bucket: local.bucket, Key: 'copy.bin', CopySource: `${local.bucket}/original.bin` }));
    const execution = await waitForExecutionOf(sfn, local.stateMachineArn, 'copy.bin');

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!).Message).toBe(MESSAGES.processedOk);
  });

  it('a missing object started directly fails with ObjectNotFound naming bucket and key', async () => {
    // Act
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: local.stateMachineArn,
        input: JSON.stringify({ bucket: local.bucket, key: 'ghost.bin' }),
      }),
    );
    await local.idle();
    const execution = await waitForExecutionOf(sfn, local.stateMachineArn, 'ghost.bin');

    // Assess
    expect(execution.executionArn).toBe(executionArn);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ObjectNotFound');
    expect(execution.cause).toContain('ghost.bin');
    expect(execution.cause).toContain(local.bucket);
  });

  it('every upload ends in exactly one execution, and manifests start none', async () => {
    // Prepare
    await local.idle();
    const before = await listAllExecutions(sfn, local.stateMachineArn);
    const keys = Array.from({ length: 5 }, (_, i) => `batch/file-${i}.bin`);

    // Act
    await Promise.all(
      keys.map((key, i) => s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: randomBytes(i % 2 === 0 ? 10 : MIN) }))),
    );
    await local.idle();
    const after = await listAllExecutions(sfn, local.stateMachineArn);

    // Assess
    const added = after.filter((item) => !before.some((old) => old.executionArn === item.executionArn));
    expect(added).toHaveLength(keys.length);
    expect(added.every((item) => item.status === 'SUCCEEDED')).toBe(true);
  });
});
