import { S3Client } from '@aws-sdk/client-s3';
import { RecordingLogger } from '@sizegate/testing';
import { ObjectReadFailed } from '@sizegate/types';
import { Agent } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandler, type Processor } from '../../src/index.js';
import { S3_CONNECTION_TIMEOUT_MS, S3_REQUEST_TIMEOUT_MS, S3_SOCKET_TIMEOUT_MS } from '../../src/lambda.js';
import { startFakeS3, type FakeS3 } from '../helpers/fake-s3-server.js';

// S3 stalls and aborted reads, against a fake S3 on 127.0.0.1 that can do what S3 (or an S3 emulator)
// cannot be made to do on demand: send headers and a few bytes, then go silent or drop the
// connection. The clients are built as src/lambda.ts builds its client: the stall test's with a
// short socket timeout so it runs in a second, the leak test's with lambda.ts's own 30 s one, so
// that a leaked socket is not quietly reclaimed by the timeout and shows up as a hang.
const BUCKET = 'incoming';
const SOCKET_TIMEOUT_MS = 150;
const MAX_SOCKETS = 2;
const ETAG = '"0123456789abcdef0123456789abcdef"';
// Larger than the socket buffers: an unread body keeps its connection busy until destroyed.
const BIG = Buffer.alloc(512 * 1024, 'sizegate stall test\n');

let fake: FakeS3;
let agent: Agent;
let clients: S3Client[];
let logger: RecordingLogger;

/** An S3 client as src/lambda.ts builds one, on the fake endpoint, with a small socket pool. */
function lambdaLikeClient(socketTimeout: number): S3Client {
  const client = new S3Client({
    endpoint: fake.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'test-secret' },
    requestHandler: {
      connectionTimeout: S3_CONNECTION_TIMEOUT_MS,
      requestTimeout: S3_REQUEST_TIMEOUT_MS,
      socketTimeout,
      httpAgent: agent,
    },
  });
  clients.push(client);
  return client;
}

beforeEach(async () => {
  fake = await startFakeS3();
  // A small pool: a body left unread would hold one of only two sockets, and the next requests would queue.
  agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  clients = [];
  logger = new RecordingLogger();
});

afterEach(async () => {
  for (const client of clients) client.destroy();
  agent.destroy();
  await fake.close();
});

const event = (key: string, size: number, etag = ETAG) => ({ bucket: BUCKET, key, versionId: null, size, etag });

/** Rejects if `work` takes longer than `ms`: a leaked socket shows up as a hang, this turns it into a failure. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fails on its first chunk: the read is abandoned mid-body. */
const failingProcessor: Processor = {
  name: 'fails-mid-body',
  start: () => ({
    update: () => {
      throw new Error('processor gave up');
    },
    finish: () => ({}),
  }),
};

describe('S3 stalls', () => {
  it('a stalled GetObject fails in bounded time: headers and a few bytes, then silence → ObjectReadFailed naming bucket/key (cause: the SDK TimeoutError) after the socket timeout, no manifest', async () => {
    // Prepare
    fake.objects.set(`${BUCKET}/stalled.bin`, { body: BIG, etag: ETAG, stallAfter: 10 });
    const handler = createHandler({ s3: lambdaLikeClient(SOCKET_TIMEOUT_MS), logger });
    const started = performance.now();

    // Act
    const error = await within(
      10_000,
      'the stalled GetObject',
      handler(event('stalled.bin', BIG.length)).catch((caught: unknown) => caught),
    );
    const elapsedMs = performance.now() - started;

    // Assess
    expect(error).toBeInstanceOf(ObjectReadFailed);
    expect((error as Error).name).toBe('ObjectReadFailed');
    expect((error as Error).message).toContain(
      `Reading the object failed mid-way: the GetObject body failed after 10 of ${BIG.length} bytes (TimeoutError: `,
    );
    expect((error as Error).message).toMatch(/socket timed out after 150 ms/);
    expect((error as Error).message).toContain(`(bucket "${BUCKET}", key "stalled.bin")`);
    expect(error).toMatchObject({ bucket: BUCKET, key: 'stalled.bin' });
    const cause = (error as Error).cause as Error;
    expect(cause.name).toBe('TimeoutError');
    expect(cause.message).toMatch(/socket timed out after 150 ms/);
    expect(elapsedMs).toBeGreaterThanOrEqual(SOCKET_TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(SOCKET_TIMEOUT_MS + 3_000);
    expect(fake.puts).toEqual([]);
    expect(logger.at('error')[0]?.attributes).toMatchObject({
      bucket: BUCKET,
      key: 'stalled.bin',
      errorName: 'ObjectReadFailed',
      sdkErrorName: 'TimeoutError',
    });
  });

  it('aborted or failed reads destroy their bodies: 100 aborted processings in a row leave no socket leaked (the next 50 concurrent requests still succeed)', async () => {
    // Prepare: four ways a read is abandoned, each with most of a 512 KiB body still unread
    fake.objects.set(`${BUCKET}/big.bin`, { body: BIG, etag: ETAG });
    fake.objects.set(`${BUCKET}/reset.bin`, { body: BIG, etag: ETAG, resetAfter: 64 * 1024 });
    const s3 = lambdaLikeClient(S3_SOCKET_TIMEOUT_MS);
    const plain = createHandler({ s3, logger });
    const withFailingProcessor = createHandler({ s3, logger, processors: [failingProcessor] });
    const aborts = [
      { expected: 'ObjectChanged', run: () => plain(event('big.bin', BIG.length, '"another-etag"')) }, // ETag differs: destroyed unread
      { expected: 'ObjectChanged', run: () => plain(event('big.bin', BIG.length - 1)) }, // Content-Length differs: destroyed unread
      { expected: 'ProcessorError', run: () => withFailingProcessor(event('big.bin', BIG.length)) }, // fails on the first chunk
      { expected: 'ObjectReadFailed', run: () => plain(event('reset.bin', BIG.length)) }, // the connection drops mid-body: 'aborted'
    ];

    // Act
    const abortedWith: string[] = [];
    for (let index = 0; index < 100; index++) {
      const abort = aborts[index % aborts.length]!;
      const error = await within(
        10_000,
        `aborted processing #${index + 1}`,
        abort.run().then(
          () => undefined,
          (caught: unknown) => caught,
        ),
      );
      abortedWith.push((error as Error | undefined)?.name ?? 'no error');
    }
    const keys = Array.from({ length: 50 }, (_, index) => `ok/${index}.bin`);
    for (const key of keys) fake.objects.set(`${BUCKET}/${key}`, { body: BIG, etag: ETAG });
    const manifests = await within(20_000, 'the 50 concurrent processings', Promise.all(keys.map((key) => plain(event(key, BIG.length)))));

    // Assess
    expect(abortedWith).toEqual(Array.from({ length: 100 }, (_, index) => aborts[index % aborts.length]!.expected));
    expect(manifests.map((manifest) => manifest.key)).toEqual(keys);
    expect(new Set(manifests.map((manifest) => manifest.sha256)).size).toBe(1);
    expect(fake.puts).toHaveLength(50);
    // Only the pool's idle keep-alive connections remain: every abandoned body's socket was closed.
    await within(
      5_000,
      'server sockets settling',
      waitUntil(() => fake.openSockets() <= MAX_SOCKETS),
    );
    expect(fake.openSockets()).toBeLessThanOrEqual(MAX_SOCKETS);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
}
