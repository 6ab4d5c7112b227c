import { ConfigurationError } from '@sizegate/types';
import { describe, expect, it } from 'vitest';
import { checkDeliveryOptions, parseDeliveryFlag } from '../../src/notifications/delivery-options.js';
import { createNotificationDispatcher } from '../../src/notifications/dispatcher.js';
import { buildObjectCreatedRecord, type S3EventRecord } from '../../src/s3/event-record.js';
import { recordingLogger } from '../helpers/s3-server.js';

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
function recordingDispatcher(delivery: Parameters<typeof createNotificationDispatcher>[0]['delivery'], extra: { random?: () => number; reorderWindowMs?: number } = {}) {
  const delivered: { key: string; at: number }[] = [];
  const logger = recordingLogger();
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
    // Prepare
    const { dispatcher, delivered } = recordingDispatcher({ delayMs: 60 });

    // Act
    const start = Date.now();
    dispatcher.enqueue(record('late'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const deliveredEarly = delivered.length;
    const pendingEarly = dispatcher.pending();
    await dispatcher.idle();

    // Assess
    expect(deliveredEarly).toBe(0);
    expect(pendingEarly).toBe(1);
    expect(delivered.map((d) => d.key)).toEqual(['late']);
    expect(delivered[0]!.at - start).toBeGreaterThanOrEqual(55);
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
    // Prepare
    const { dispatcher, delivered, logger } = recordingDispatcher({ reorder: true, delayMs: 5_000 });
    dispatcher.enqueue(record('never'));

    // Act
    const start = Date.now();
    await dispatcher.close();

    // Assess
    expect(Date.now() - start).toBeLessThan(1_000);
    expect(delivered).toEqual([]);
    expect(dispatcher.pending()).toBe(0);
    const errors = logger.lines.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ attributes: { key: 'never' } });
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
