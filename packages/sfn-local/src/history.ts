import type { HistoryEvent } from '@sizegate/sfn-engine';

export type { HistoryEvent };

/** Data fields left out when GetExecutionHistory is called with includeExecutionData false. */
const EXECUTION_DATA_FIELDS = new Set(['input', 'inputDetails', 'output', 'outputDetails']);

const DETAILS_SUFFIX = 'EventDetails';

/** The `*EventDetails` member of an event (none for e.g. LambdaFunctionStarted). */
export function detailsOf(event: HistoryEvent): { key: string; value: Readonly<Record<string, unknown>> } | undefined {
  const key = Object.keys(event).find((name) => name.endsWith(DETAILS_SUFFIX));
  return key === undefined ? undefined : { key, value: event[key] as Record<string, unknown> };
}

/** The wire form: the engine's event with the timestamp in epoch seconds (the engine keeps milliseconds). */
export function serializeEvent(event: HistoryEvent, includeExecutionData: boolean): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...event, timestamp: event.timestamp / 1000 };
  const details = detailsOf(event);
  if (details && !includeExecutionData) {
    wire[details.key] = Object.fromEntries(Object.entries(details.value).filter(([field]) => !EXECUTION_DATA_FIELDS.has(field)));
  }
  return wire;
}

/**
 * An event as a history file stores it: the engine's shape (one JSON line each). Files written
 * before the engine kept the details as `details: {key, value}`; those lines are read into the
 * same shape, so a data directory from an earlier version is served as it was.
 */
export function storedEvent(value: unknown): HistoryEvent | undefined {
  const event = value as Partial<HistoryEvent> & { details?: { key?: unknown; value?: unknown } };
  if (typeof event !== 'object' || event === null) return undefined;
  if (typeof event.id !== 'number' || typeof event.type !== 'string' || typeof event.timestamp !== 'number') return undefined;
  if (event.details === undefined) return event as HistoryEvent;
  const { details, ...rest } = event;
  return typeof details.key === 'string' ? ({ ...rest, [details.key]: details.value } as HistoryEvent) : (rest as HistoryEvent);
}
