/**
 * Keeps a Task's attempts in step with the engine's event stream.
 *
 * The engine reports states through an async event log that this runtime reads a little later
 * than the engine runs; the Task functions, on the other hand, are called synchronously by the
 * engine. To write TaskScheduled/TaskStarted right after the TaskStateEntered they belong to,
 * each attempt waits for a "slot" that the event reader hands out when it has written the
 * StateEntered (or, for a retry, read the StateRetried) of that state. The attempt's result is
 * recorded here and written to the history when the engine's StateExited/StateFailed is read, so
 * the engine alone decides the order (a timeout, for example, wins over a late result).
 */

export type AttemptOutcome =
  | { readonly kind: 'pending' }
  | { readonly kind: 'succeeded'; readonly output: unknown; readonly at: number }
  | { readonly kind: 'failed'; readonly error: string; readonly cause: string; readonly at: number };

export interface TaskAttempt {
  readonly stateName: string;
  /** Which entry into the state this attempt belongs to (a state can be entered more than once). */
  readonly entry: number;
  outcome: AttemptOutcome;
}

interface SlotQueue {
  readonly available: number[];
  readonly waiters: Array<(entry: number | undefined) => void>;
}

export class TaskTracker {
  private readonly currentEntry = new Map<string, number>();
  private readonly slots = new Map<string, SlotQueue>();
  /** Attempts whose end is not in the history yet, oldest first. */
  private readonly unreported = new Map<string, TaskAttempt[]>();
  private readonly latest = new Map<string, TaskAttempt>();
  private closed = false;

  /** Event reader: a StateEntered of a Task state was written. */
  entered(stateName: string): void {
    const entry = (this.currentEntry.get(stateName) ?? 0) + 1;
    this.currentEntry.set(stateName, entry);
    this.release(stateName, entry);
  }

  /** Event reader: the engine retries the state; its next attempt may start. */
  retried(stateName: string): void {
    this.release(stateName, this.currentEntry.get(stateName) ?? 0);
  }

  /** Event reader: the oldest attempt of the current entry whose end is not in the history yet. */
  takeAttempt(stateName: string): TaskAttempt | undefined {
    const queue = this.unreported.get(stateName);
    const entry = this.currentEntry.get(stateName);
    while (queue && queue.length > 0 && (queue[0]?.entry ?? 0) < (entry ?? 0)) queue.shift();
    return queue?.[0]?.entry === entry ? queue?.shift() : undefined;
  }

  /** Task function: waits for the history to catch up; undefined once the execution has closed. */
  async begin(stateName: string): Promise<TaskAttempt | undefined> {
    if (this.closed) return undefined;
    const queue = this.queueOf(stateName);
    const entry =
      queue.available.length > 0
        ? queue.available.shift()
        : await new Promise<number | undefined>((resolve) => queue.waiters.push(resolve));
    if (entry === undefined || this.closed) return undefined;
    const attempt: TaskAttempt = { stateName, entry, outcome: { kind: 'pending' } };
    const pending = this.unreported.get(stateName) ?? [];
    pending.push(attempt);
    this.unreported.set(stateName, pending);
    this.latest.set(stateName, attempt);
    return attempt;
  }

  /** The most recent attempt of a state (what the engine is deciding to retry right now). */
  latestAttempt(stateName: string): TaskAttempt | undefined {
    return this.latest.get(stateName);
  }

  /** The execution ended: no attempt starts any more, waiting ones give up. */
  close(): void {
    this.closed = true;
    for (const queue of this.slots.values()) {
      for (const waiter of queue.waiters.splice(0)) waiter(undefined);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private release(stateName: string, entry: number): void {
    const queue = this.queueOf(stateName);
    const waiter = queue.waiters.shift();
    if (waiter) waiter(entry);
    else queue.available.push(entry);
  }

  private queueOf(stateName: string): SlotQueue {
    let queue = this.slots.get(stateName);
    if (!queue) {
      queue = { available: [], waiters: [] };
      this.slots.set(stateName, queue);
    }
    return queue;
  }
}
