import { PutObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHandler as createCheckSize } from '@sizegate/check-size';
import { createHandler as createProcessFile } from '@sizegate/process-file';
import { DEFAULT_MIN_SIZE_BYTES, DEFAULT_STATE_ERROR, MESSAGES, type LoggerLike } from '@sizegate/types';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDefinition } from '../../src/index.js';
import { runWorkflow } from '../helpers/run-workflow.js';
import { startLengthlessHeadProxy, startS3Emulator, type S3Emulator } from '@sizegate/testing';

// The real definition, run by aws-local-stepfunctions, calling the real check-size and
// process-file handlers, which talk to a real S3 emulator over HTTP with real SDK clients.
const BUCKET = 'incoming';
const quiet: LoggerLike = { debug() {}, info() {}, warn() {}, error() {} };
const definition = buildDefinition();

let emulator: S3Emulator;
let s3: S3Client;
let handlers: { CheckFileSize: ReturnType<typeof createCheckSize>; ProcessFile: ReturnType<typeof createProcessFile> };

beforeAll(async () => {
  emulator = await startS3Emulator([BUCKET]);
  s3 = emulator.client();
  handlers = {
    CheckFileSize: createCheckSize({ s3, logger: quiet }),
    ProcessFile: createProcessFile({ s3, logger: quiet }),
  };
});

afterAll(async () => {
  await emulator?.close();
});

async function upload(key: string, size: number): Promise<string> {
  const body = randomBytes(size);
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  return createHash('sha256').update(body).digest('hex');
}

describe('the workflow on the real handlers and a real S3 emulator', () => {
  it.each([
    ['0', 'empty.bin', 0],
    ['threshold − 1', 'just-below.bin', DEFAULT_MIN_SIZE_BYTES - 1],
  ])('size %s (%s, %i bytes) routes to NotifyFileTooSmall and SUCCEEDS', async (_case, key, size) => {
    // Prepare
    await upload(key, size);

    // Act
    const run = await runWorkflow(definition, { bucket: BUCKET, key }, handlers);

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual(['CheckFileSize', 'ChoiceState', 'NotifyFileTooSmall']);
    expect(run.output).toEqual({ Message: MESSAGES.notBigEnough, bucket: BUCKET, key, versionId: null, size });
  });

  it.each([
    ['threshold', 'exactly-threshold.bin', DEFAULT_MIN_SIZE_BYTES],
    ['threshold + 1', 'threshold-plus-one.bin', DEFAULT_MIN_SIZE_BYTES + 1],
  ])(
    'size %s (%s, %i bytes) routes to ProcessFile and NotifyOk and SUCCEEDS, the manifest with a matching SHA-256',
    async (_case, key, size) => {
      // Prepare
      const sha256 = await upload(key, size);

      // Act
      const run = await runWorkflow(definition, { bucket: BUCKET, key }, handlers);

      // Assess
      expect(run.status).toBe('SUCCEEDED');
      expect(run.path).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']);
      const output = run.output as { Message: string; size: number; manifest: { sha256: string; size: number; manifestKey: string } };
      expect(output).toMatchObject({ Message: MESSAGES.processedOk, bucket: BUCKET, key, versionId: null, size });
      expect(Object.keys(output).sort()).toEqual(['Message', 'bucket', 'key', 'manifest', 'size', 'versionId']);
      expect(output.manifest.sha256).toBe(sha256);
      expect(output.manifest.size).toBe(size);
      const stored = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: output.manifest.manifestKey }));
      expect(JSON.parse(await stored.Body!.transformToString())).toEqual(output.manifest);
    },
  );

  it('a missing key FAILS with ObjectNotFound naming the bucket and key', async () => {
    // Act
    const run = await runWorkflow(definition, { bucket: BUCKET, key: 'no/such key.bin' }, handlers);

    // Assess
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('ObjectNotFound');
    expect(run.path).toEqual(['CheckFileSize']);
    const cause = JSON.parse(String(run.cause)) as { errorType: string; errorMessage: string };
    expect(cause.errorType).toBe('ObjectNotFound');
    expect(cause.errorMessage).toContain(BUCKET);
    expect(cause.errorMessage).toContain('no/such key.bin');
  });

  it('a ProcessFile whose S3 connection is reset every time FAILS with ObjectReadFailed naming bucket/key, after 2 retries', async () => {
    // Prepare: the object is sized on the emulator, but ProcessFile's S3 endpoint resets every connection
    await upload('reset-on-read.bin', DEFAULT_MIN_SIZE_BYTES);
    const resetter = await startResettingServer();
    const resetProcessFile = createProcessFile({ s3: emulator.client(resetter.endpoint), logger: quiet });
    let processFileCalls = 0;
    const counted = async (event: Parameters<typeof resetProcessFile>[0]) => {
      processFileCalls++;
      return resetProcessFile(event);
    };

    // Act: the waits between attempts overridden to 0 ms; how many attempts is the definition's
    const run = await runWorkflow(
      definition,
      { bucket: BUCKET, key: 'reset-on-read.bin' },
      { ...handlers, ProcessFile: counted },
      { retryIntervalOverrides: { ProcessFile: 0 } },
    );
    await resetter.close();

    // Assess
    expect(processFileCalls).toBe(3);
    expect(run.retries).toEqual({ ProcessFile: 2 });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('ObjectReadFailed');
    expect(run.path).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile']);
    const cause = JSON.parse(String(run.cause)) as { errorType: string; errorMessage: string };
    expect(cause.errorMessage).toMatch(/^Reading the object failed: the GetObject request failed \(/);
    expect(cause.errorMessage).toContain(`(bucket "${BUCKET}", key "reset-on-read.bin")`);
  });

  it('a size that is not a number FAILS with DefaultStateError at DefaultState', async () => {
    // Prepare: a store that answers HEAD without Content-Length, so check-size gets no size
    await upload('lengthless.bin', 10);
    const proxy = await startLengthlessHeadProxy(emulator.endpoint);
    const lengthlessHandlers = { ...handlers, CheckFileSize: createCheckSize({ s3: emulator.client(proxy.endpoint), logger: quiet }) };

    // Act
    const run = await runWorkflow(definition, { bucket: BUCKET, key: 'lengthless.bin' }, lengthlessHandlers);
    await proxy.close();

    // Assess
    expect(run.status).toBe('FAILED');
    expect(run.path).toEqual(['CheckFileSize', 'ChoiceState', 'DefaultState']);
    expect(run.error).toBe(DEFAULT_STATE_ERROR);
  });
});

/** A TCP server on 127.0.0.1 that accepts every connection and resets it at once, as a dropped S3 connection does. */
async function startResettingServer(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = createServer((socket: Socket) => socket.resetAndDestroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
