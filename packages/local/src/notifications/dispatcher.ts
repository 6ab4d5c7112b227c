import type { LoggerLike } from '@sizegate/types';
import { decodeNotificationKey, type S3EventRecord, type S3NotificationEvent } from '@sizegate/s3-local';
import type { DeliveryOptions } from './delivery-options.js';

export interface NotificationDispatcherOptions {
  /** Delivers one notification (one record); a rejection means "not delivered, try again". */
  readonly deliver: (event: S3NotificationEvent) => Promise<void>;
  readonly logger: LoggerLike;
  /** Waits between attempts; the last one repeats. @default 50, 100, 200 ... 3200, then 5000 ms */
  readonly retryDelaysMs?: readonly number[];
  /** Notifications delivered at the same time. @default 8 */
  readonly concurrency?: number;
  /** Deliver as S3 may: duplicated, reordered, delayed (to test handlers). @default none of them */
  readonly delivery?: DeliveryOptions;
  /** With `delivery.reorder`: how long deliveries are held before a shuffled release. @default 50 ms */
  readonly reorderWindowMs?: number;
  /** Random numbers in [0, 1) for the shuffle. @default Math.random */
  readonly random?: () => number;
}

export interface NotificationDispatcher {
  /** Queues a record for delivery; returns at once (delivery never runs on the upload's request). */
  enqueue(record: S3EventRecord): void;
  /** Resolves once every queued record is delivered (or dropped by close()). */
  idle(): Promise<void>;
  /** Stops retrying, waits for attempts in progress, and logs every record left undelivered. */
  close(): Promise<void>;
  /** Records not delivered yet (queued, being delivered, or waiting to retry). */
  pending(): number;
}

export const DEFAULT_REORDER_WINDOW_MS = 50;

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [50, 100, 200, 400, 800, 1_600, 3_200, 5_000];

/**
 * Delivers S3 notifications as S3 does: asynchronously, one event per record, at least once.
 * A failed delivery is retried with growing, bounded delays until it succeeds or the dispatcher
 * closes, so no upload is left without its delivery while the runtime runs. With `delivery`, it
 * also duplicates, delays and reorders deliveries, as S3 is allowed to.
 */
export function createNotificationDispatcher(options: NotificationDispatcherOptions): NotificationDispatcher {
  const { deliver, logger } = options;
  const delays = options.retryDelaysMs && options.retryDelaysMs.length > 0 ? options.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const { duplicate = false, reorder = false, delayMs = 0 } = options.delivery ?? {};
  const reorderWindowMs = Math.max(0, options.reorderWindowMs ?? DEFAULT_REORDER_WINDOW_MS);
  const random = options.random ?? Math.random;
  const queue: S3EventRecord[] = [];
  const active = new Set<S3EventRecord>();
  const cancelWaits = new Set<() => void>();
  const idleWaiters: (() => void)[] = [];
  /** Records waiting out `delayMs`, with the function that cancels the wait. */
  const delayed = new Map<() => void, S3EventRecord>();
  /** Records held for a shuffled release (`reorder`). */
  const held: S3EventRecord[] = [];
  let releaseTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const pending = () => queue.length + active.size + delayed.size + held.length;
  const notifyIfIdle = () => {
    if (pending() > 0) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  };

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const cancel = () => {
        clearTimeout(timer);
        cancelWaits.delete(cancel);
        resolve();
      };
      const timer = setTimeout(cancel, ms);
      cancelWaits.add(cancel);
    });

  /** Tries one record until delivered; returns false if the dispatcher closed first. */
  const deliverUntilDone = async (record: S3EventRecord): Promise<boolean> => {
    for (let attempt = 1; !closed; attempt++) {
      try {
        await deliver({ Records: [record] });
        if (attempt > 1) logger.info('S3 notification delivered after retrying', { ...where(record), attempts: attempt });
        return true;
      } catch (error) {
        if (closed) break;
        const delayMs = delays[Math.min(attempt - 1, delays.length - 1)] ?? 0;
        logger.warn('S3 notification not delivered; retrying', { ...where(record), attempt, retryInMs: delayMs, error });
        await wait(delayMs);
      }
    }
    return false;
  };

  const pump = () => {
    while (!closed && active.size < concurrency && queue.length > 0) {
      const record = queue.shift() as S3EventRecord;
      active.add(record);
      void deliverUntilDone(record).then((delivered) => {
        active.delete(record);
        if (!delivered) reportUndelivered(record);
        pump();
        notifyIfIdle();
      });
    }
  };

  const reportUndelivered = (record: S3EventRecord) => {
    logger.error('S3 notification not delivered before shutdown: no execution was started for this object', {
      ...where(record),
      eventName: record.eventName,
      sequencer: record.s3.object.sequencer,
    });
  };

  const toQueue = (records: readonly S3EventRecord[]) => {
    queue.push(...records);
    setImmediate(pump); // never deliver on the caller's (the upload's) stack
  };

  /** Hold a record for the shuffled release; the first held record opens the window. */
  const hold = (record: S3EventRecord) => {
    held.push(record);
    releaseTimer ??= setTimeout(() => {
      releaseTimer = undefined;
      toQueue(shuffle(held.splice(0), random));
    }, reorderWindowMs);
  };

  const route = (record: S3EventRecord) => (reorder ? hold(record) : toQueue([record]));

  const admit = (record: S3EventRecord) => {
    if (delayMs <= 0) return route(record);
    const cancel = () => {
      clearTimeout(timer);
      delayed.delete(cancel);
    };
    const timer = setTimeout(() => {
      cancel();
      if (!closed) route(record);
    }, delayMs);
    delayed.set(cancel, record);
  };

  const idle = () => {
    if (pending() === 0) return Promise.resolve();
    return new Promise<void>((resolve) => idleWaiters.push(resolve));
  };

  return {
    enqueue(record) {
      if (closed) {
        reportUndelivered(record);
        return;
      }
      // S3 delivers at least once: `duplicate` makes that visible by delivering every record twice.
      // A copy is its own object: `active` tracks deliveries by identity.
      admit(record);
      if (duplicate) admit({ ...record });
    },
    idle,
    async close() {
      if (closed) return idle();
      closed = true;
      for (const cancel of [...cancelWaits]) cancel();
      for (const [cancel, record] of [...delayed]) {
        cancel();
        reportUndelivered(record);
      }
      clearTimeout(releaseTimer);
      releaseTimer = undefined;
      for (const record of [...held.splice(0), ...queue.splice(0)]) reportUndelivered(record);
      notifyIfIdle();
      await idle(); // attempts in progress finish (and may still succeed)
    },
    pending,
  };
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

/** bucket and (decoded) key of a record, for log lines. */
function where(record: S3EventRecord): { bucket: string; key: string } {
  return { bucket: record.s3.bucket.name, key: decodeNotificationKey(record.s3.object.key) };
}
