import { ConfigurationError } from '@sizegate/types';
import { describe, expect, it, vi } from 'vitest';
import { checkDeliveryOptions, parseDeliveryFlag } from '../../src/notifications/delivery-options.js';
import { createNotificationDispatcher } from '../../src/notifications/dispatcher.js';
import { buildObjectCreatedRecord, type S3EventRecord } from '@sizegate/s3-local';
import { RecordingLogger } from '@sizegate/testing';

function record(key: string): S3EventRecord {
  return buildObjectCreatedRecord({
    eventName: 'ObjectCreated:Put',
    region: 'us-east-1',
    bucket: 'incoming',
    key,
    size: 1,
    etag: `etag-${key}`,
    sequencer: '01',
    sourceIp: '127.0.0.1',
    requestId: 'R',
    hostId: 'H',
  });
}

/** A dispatcher that records the keys it delivers, one at a time so that order is observable. */
function recordingDispatcher(
  delivery: Parameters<typeof createNotificationDispatcher>[0]['delivery'],
  extra: { random?: () => number; reorderWindowMs?: number } = {},
) {
  const delivered: { key: string; at: number }[] = [];
  const logger = new RecordingLogger();
  const dispatcher = createNotificationDispatcher({
    deliver: async (event) => void delivered.push(...event.Records.map((r) => ({ key: r.s3.object.key, at: Date.now() }))),
    logger,
    concurrency: 1,
    delivery,
    ...extra,
  });
  return { dispatcher, delivered, logger };
}

describe('dispatcher delivery: duplicate', () => {
  it('delivers every notification twice, and idle() waits for both copies', async () => {
    // Prepare
    const { dispatcher, delivered } = recordingDispatcher({ duplicate: true });

    // Act
    dispatcher.enqueue(record('a'));
    dispatcher.enqueue(record('b'));
    const pendingAfterEnqueue = dispatcher.pending();
    await dispatcher.idle();

    // Assess
    expect(pendingAfterEnqueue).toBe(4);
    expect(delivered.map((d) => d.key).sort()).toEqual(['a', 'a', 'b', 'b']);
    expect(dispatcher.pending()).toBe(0);
  });
});

describe('dispatcher delivery: reorder', () => {
  it('holds deliveries for the window and releases them in a shuffled order', async () => {
    // Prepare: random() = 0 makes Fisher–Yates rotate [a, b, c, d] to [b, c, d, a]
    const { dispatcher, delivered } = recordingDispatcher({ reorder: true }, { random: () => 0, reorderWindowMs: 30 });
    const keys = ['a', 'b', 'c', 'd'];

    // Act
    const start = Date.now();
    for (const key of keys) dispatcher.enqueue(record(key));
    await dispatcher.idle();

    // Assess
    expect(delivered.map((d) => d.key)).toEqual(['b', 'c', 'd', 'a']);
    expect(delivered[0]!.at - start).toBeGreaterThanOrEqual(25);
  });

  it('still delivers every record exactly once with the default random shuffle', async () => {
    // Prepare
    const { dispatcher, delivered } = recordingDispatcher({ reorder: true }, { reorderWindowMs: 5 });
    const keys = Array.from({ length: 12 }, (_, index) => `k${index}`);

    // Act
    for (const key of keys) dispatcher.enqueue(record(key));
    await dispatcher.idle();

    // Assess
    expect(delivered.map((d) => d.key).sort()).toEqual([...keys].sort());
  });
});

describe('dispatcher delivery: delay', () => {
  it('makes each delivery wait delayMs first, counting it as pending', async () => {
    // Prepare: fake timers (and Date): at 59 ms nothing may be delivered, however busy the machine
    vi.useFakeTimers();
    try {
      const { dispatcher, delivered } = recordingDispatcher({ delayMs: 60 });
      const start = Date.now();

      // Act
      dispatcher.enqueue(record('late'));
      await vi.advanceTimersByTimeAsync(59);
      const deliveredBefore = delivered.length;
      const pendingBefore = dispatcher.pending();
      await vi.advanceTimersByTimeAsync(1);
      await vi.runAllTimersAsync(); // the delivery itself runs on a later tick (setImmediate)
      await dispatcher.idle();

      // Assess
      expect(deliveredBefore).toBe(0);
      expect(pendingBefore).toBe(1);
      expect(delivered.map((d) => d.key)).toEqual(['late']);
      expect(delivered[0]!.at - start).toBeGreaterThanOrEqual(60);
      expect(dispatcher.pending()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('combines duplicate, reorder and delay: every copy delivered once, after the delay', async () => {
    // Prepare
    const { dispatcher, delivered } = recordingDispatcher({ duplicate: true, reorder: true, delayMs: 20 }, { reorderWindowMs: 10 });

    // Act
    const start = Date.now();
    for (const key of ['x', 'y', 'z']) dispatcher.enqueue(record(key));
    await dispatcher.idle();

    // Assess
    expect(delivered.map((d) => d.key).sort()).toEqual(['x', 'x', 'y', 'y', 'z', 'z']);
    expect(Math.min(...delivered.map((d) => d.at)) - start).toBeGreaterThanOrEqual(15);
  });

  it('close() cancels delayed and held deliveries and logs each as not delivered', async () => {
    // Prepare: fake timers, so "close() did not wait out the 5 s delay" needs no clock
    vi.useFakeTimers();
    try {
      const { dispatcher, delivered, logger } = recordingDispatcher({ reorder: true, delayMs: 5_000 });
      dispatcher.enqueue(record('never'));
      const start = Date.now();

      // Act: close, and let its promise chain run without moving the clock
      let closed = false;
      void dispatcher.close().then(() => (closed = true));
      await vi.advanceTimersByTimeAsync(0);

      // Assess: closed at once, its delay timer cleared, nothing delivered, the record logged
      expect(closed).toBe(true);
      expect(Date.now()).toBe(start);
      expect(vi.getTimerCount()).toBe(0);
      expect(delivered).toEqual([]);
      expect(dispatcher.pending()).toBe(0);
      const errors = logger.lines.filter((line) => line.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ attributes: { key: 'never' } });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('--delivery parsing and delivery option checks', () => {
  it.each([
    ['duplicate', { duplicate: true }],
    ['reorder', { reorder: true }],
    ['delay=250', { delayMs: 250 }],
    ['duplicate,reorder,delay=0', { duplicate: true, reorder: true, delayMs: 0 }],
    [' reorder , duplicate ', { duplicate: true, reorder: true }],
  ])('parses "%s"', (text, expected) => {
    // Act / Assess
    expect(parseDeliveryFlag(text)).toEqual(expected);
  });

  it.each([['shuffle'], ['delay='], ['delay=-1'], ['delay=1.5'], ['duplicate,,reorder']])('rejects "%s", naming the bad item', (text) => {
    // Act / Assess
    expect(() => parseDeliveryFlag(text)).toThrow(/--delivery/);
  });

  it('rejects a bad eventShape or delay with ConfigurationError', () => {
    // Act / Assess
    expect(() => checkDeliveryOptions(undefined, 'sqs')).toThrow(ConfigurationError);
    expect(() => checkDeliveryOptions({ delayMs: -5 }, undefined)).toThrow(/delayMs/);
    expect(() => checkDeliveryOptions({ duplicate: 'yes' as unknown as boolean }, 's3')).toThrow(/duplicate/);
    expect(() => checkDeliveryOptions({ duplicate: true, reorder: true, delayMs: 10 }, 'eventbridge')).not.toThrow();
  });
});
