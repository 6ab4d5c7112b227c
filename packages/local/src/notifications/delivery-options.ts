import { ConfigurationError } from '@sizegate/types';

/**
 * How the runtime delivers notifications, to let users test their handlers against what S3 may
 * do: S3 delivers at least once (duplicates), in no guaranteed order, and not immediately.
 */
export interface DeliveryOptions {
  /** Deliver every notification twice. @default false */
  readonly duplicate?: boolean;
  /** Hold deliveries briefly and release them in a shuffled order. @default false */
  readonly reorder?: boolean;
  /** Each delivery waits this many milliseconds first. @default 0 */
  readonly delayMs?: number;
}

/** The event shape the trigger's function receives: an S3 event notification or an EventBridge "Object Created" event. */
export type EventShape = 's3' | 'eventbridge';

export const EVENT_SHAPES: readonly EventShape[] = ['s3', 'eventbridge'];

/** Checks programmatic delivery options; ConfigurationError names the bad one. */
export function checkDeliveryOptions(delivery: DeliveryOptions | undefined, eventShape: unknown): void {
  if (eventShape !== undefined && !EVENT_SHAPES.includes(eventShape as EventShape)) {
    throw new ConfigurationError(`eventShape must be one of ${EVENT_SHAPES.join(', ')} (got ${JSON.stringify(eventShape)})`);
  }
  if (delivery === undefined) return;
  if (typeof delivery !== 'object' || delivery === null)
    throw new ConfigurationError('delivery must be an object { duplicate?, reorder?, delayMs? }');
  for (const flag of ['duplicate', 'reorder'] as const) {
    if (delivery[flag] !== undefined && typeof delivery[flag] !== 'boolean') {
      throw new ConfigurationError(`delivery.${flag} must be a boolean (got ${JSON.stringify(delivery[flag])})`);
    }
  }
  const { delayMs } = delivery;
  if (delayMs !== undefined && (typeof delayMs !== 'number' || !Number.isSafeInteger(delayMs) || delayMs < 0)) {
    throw new ConfigurationError(`delivery.delayMs must be an integer >= 0 (got ${JSON.stringify(delayMs)})`);
  }
}

/**
 * Parses the CLI's `--delivery duplicate,reorder,delay=MS` (any subset, any order). Throws Error
 * with a message naming the bad item; the CLI turns it into a usage error.
 */
export function parseDeliveryFlag(text: string): DeliveryOptions {
  let duplicate = false;
  let reorder = false;
  let delayMs: number | undefined;
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === 'duplicate') duplicate = true;
    else if (item === 'reorder') reorder = true;
    else if (item.startsWith('delay=')) {
      const value = item.slice('delay='.length);
      const parsed = Number(value);
      if (value === '' || !Number.isSafeInteger(parsed) || parsed < 0)
        throw new Error(`--delivery delay=MS needs an integer >= 0 (got "${value}")`);
      delayMs = parsed;
    } else {
      throw new Error(`--delivery takes a comma-separated list of duplicate, reorder, delay=MS (got "${item}")`);
    }
  }
  return { ...(duplicate ? { duplicate } : {}), ...(reorder ? { reorder } : {}), ...(delayMs === undefined ? {} : { delayMs }) };
}
