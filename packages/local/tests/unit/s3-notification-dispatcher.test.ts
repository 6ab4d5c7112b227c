import { describe, expect, it } from 'vitest';
import { createNotificationDispatcher } from '../../src/notifications/dispatcher.js';
import { buildObjectCreatedRecord, type S3EventRecord, type S3NotificationEvent } from '@sizegate/s3-local';
import { RecordingLogger } from '@sizegate/testing';

function record(key: string, sequencer = '01'): S3EventRecord {
  return buildObjectCreatedRecord({
    eventName: 'ObjectCreated:Put',
    region: 'us-east-1',
    bucket: 'incoming',
    key,
    size: 1,
    etag: 'e',
    sequencer,
    sourceIp: '127.0.0.1',
    requestId: 'R',
    hostId: 'H',
  });
}

describe('createNotificationDispatcher', () => {
  it('delivers asynchronously, one event per record', async () => {
    // Prepare
    const delivered: S3NotificationEvent[] = [];
    const dispatcher = createNotificationDispatcher({
      deliver: async (event) => void delivered.push(event),
      logger: new RecordingLogger(),
    });

    // Act
    dispatcher.enqueue(record('a'));
    dispatcher.enqueue(record('b'));
    const deliveredSynchronously = delivered.length;
    await dispatcher.idle();

    // Assess
    expect(deliveredSynchronously).toBe(0);
    expect(delivered.map((event) => event.Records.map((r) => r.s3.object.key))).toEqual([['a'], ['b']]);
    expect(dispatcher.pending()).toBe(0);
  });

  it('retries a failing delivery with the given delays until it succeeds, and idle() waits for it', async () => {
    // Prepare
    const logger = new RecordingLogger();
    let attempts = 0;
    const times: number[] = [];
    const dispatcher = createNotificationDispatcher({
      deliver: async () => {
        times.push(Date.now());
        attempts++;
        if (attempts < 4) throw new Error('state machine unavailable');
      },
      logger,
      retryDelaysMs: [10, 20],
    });

    // Act
    dispatcher.enqueue(record('my file.txt'));
    const pendingWhileFailing = dispatcher.pending();
    await dispatcher.idle();

    // Assess
    expect(attempts).toBe(4);
    expect(pendingWhileFailing).toBe(1);
    expect(dispatcher.pending()).toBe(0);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(9);
    expect(times[3]! - times[2]!).toBeGreaterThanOrEqual(19); // the last delay repeats
    const warnings = logger.lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(3);
    expect(warnings[0]?.attributes).toMatchObject({ bucket: 'incoming', key: 'my file.txt', attempt: 1, retryInMs: 10 });
    expect(logger.lines.at(-1)).toMatchObject({ level: 'info', attributes: { attempts: 4 } });
  });

  it('on close, stops retrying and logs each undelivered record at error level with bucket and key', async () => {
    // Prepare
    const logger = new RecordingLogger();
    const dispatcher = createNotificationDispatcher({
      deliver: async () => {
        throw new Error('down');
      },
      logger,
      retryDelaysMs: [60_000],
      concurrency: 1,
    });
    dispatcher.enqueue(record('first.txt'));
    dispatcher.enqueue(record('second.txt'));
    await new Promise((resolve) => setTimeout(resolve, 20));

    // Act
    const started = Date.now();
    await dispatcher.close();
    dispatcher.enqueue(record('after-close.txt'));

    // Assess
    expect(Date.now() - started).toBeLessThan(1_000); // the 60 s wait was cancelled
    const errors = logger.lines.filter((line) => line.level === 'error').map((line) => line.attributes);
    expect(errors.map((attributes) => attributes['key']).sort()).toEqual(['after-close.txt', 'first.txt', 'second.txt']);
    expect(errors.every((attributes) => attributes['bucket'] === 'incoming')).toBe(true);
    expect(dispatcher.pending()).toBe(0);
    await expect(dispatcher.idle()).resolves.toBeUndefined();
  });

  it('lets a delivery in progress finish on close (it counts as delivered)', async () => {
    // Prepare
    const logger = new RecordingLogger();
    let finish: () => void = () => {};
    const dispatcher = createNotificationDispatcher({ deliver: () => new Promise<void>((resolve) => (finish = resolve)), logger });
    dispatcher.enqueue(record('slow.txt'));
    await new Promise((resolve) => setTimeout(resolve, 5));

    // Act
    const closing = dispatcher.close();
    finish();
    await closing;

    // Assess
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('delivers at most `concurrency` records at a time', async () => {
    // Prepare
    let running = 0;
    let peak = 0;
    const dispatcher = createNotificationDispatcher({
      deliver: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
      },
      logger: new RecordingLogger(),
      concurrency: 3,
    });

    // Act
    for (let i = 0; i < 12; i++) dispatcher.enqueue(record(`k${i}`));
    await dispatcher.idle();

    // Assess
    expect(peak).toBe(3);
  });
});
