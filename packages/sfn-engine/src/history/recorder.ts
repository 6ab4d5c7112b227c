import type { Clock } from '../clock.js';
import { StatesError } from '../errors.js';
import { buildEvent, type HistoryEvent } from './events.js';

/** Error name and text when an execution's history reaches the event limit. */
export const HISTORY_LIMIT_ERROR = 'States.Runtime';
export const historyLimitCause = (limit: number): string => `The execution reached the maximum number of history events (${limit}).`;

/** What a thread writes its events through (the recorder, or a view of it that an abort closes). */
export interface Recorder {
  readonly events: readonly HistoryEvent[];
  readonly lastId: number;
  emit(type: string, previousEventId: number, details?: object, closing?: boolean): number;
}

/** A view of `recorder` that drops the events of a thread once `signal` aborted it (no late events). */
export function gatedRecorder(recorder: Recorder, signal: AbortSignal): Recorder {
  return {
    get events() {
      return recorder.events;
    },
    get lastId() {
      return recorder.lastId;
    },
    emit: (type, previousEventId, details, closing) =>
      signal.aborted ? recorder.lastId : recorder.emit(type, previousEventId, details, closing),
  };
}

/**
 * Writes an execution's history: numbers events, stamps them from the clock, delivers each to the
 * listeners as it happens and keeps them for the async iterator. Stops accepting events at the limit.
 */
export class HistoryRecorder implements Recorder {
  readonly events: HistoryEvent[] = [];
  private readonly listeners: ((event: HistoryEvent) => void)[] = [];
  private readonly waiters: (() => void)[] = [];
  private closed = false;
  private overflowed = false;

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    /** Earlier events of the same execution (a redrive continues its history). */
    earlier: readonly HistoryEvent[] = [],
  ) {
    this.events.push(...earlier);
  }

  get lastId(): number {
    return this.events.length;
  }

  onEvent(listener: (event: HistoryEvent) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Appends an event pointing at `previousEventId`; returns its id. Throws States.Runtime once the
   * history would pass its limit (the closing event is still written, as the execution must end).
   * Nothing is written after a closing event.
   */
  emit(type: string, previousEventId: number, details?: object, closing = false): number {
    if (this.closed) return this.lastId;
    if (!closing && this.events.length >= this.limit - 1) {
      this.overflowed = true;
      throw new StatesError(HISTORY_LIMIT_ERROR, historyLimitCause(this.limit));
    }
    const event = buildEvent(type, this.events.length + 1, previousEventId, this.clock.now(), details);
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    for (const wake of this.waiters.splice(0)) wake();
    if (closing) this.close();
    return event.id;
  }

  get hasOverflowed(): boolean {
    return this.overflowed;
  }

  close(): void {
    this.closed = true;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Every event, past and future, until the execution ends. */
  async *iterate(): AsyncGenerator<HistoryEvent> {
    let next = 0;
    for (;;) {
      while (next < this.events.length) yield this.events[next++] as HistoryEvent;
      if (this.closed) return;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}
