/** One history event as the Step Functions JSON API returns it (timestamps in epoch seconds). */
export interface ApiHistoryEvent {
  readonly id?: number;
  readonly previousEventId?: number;
  readonly type?: string;
  readonly timestamp?: number;
  readonly stateEnteredEventDetails?: { readonly name?: string; readonly input?: string };
  readonly stateExitedEventDetails?: { readonly name?: string; readonly output?: string };
  readonly [details: string]: unknown;
}

/** One state's stay: entered → exited (open while the execution is still in it). */
export interface StateSpan {
  readonly state: string;
  /** Milliseconds since the epoch. */
  readonly enteredAt: number;
  readonly exitedAt?: number;
  readonly durationMs?: number;
  /** The event types between entering and exiting (TaskScheduled, TaskFailed, ...), in order. */
  readonly events: readonly string[];
}

/** Epoch seconds (the JSON protocol's timestamps) to milliseconds. */
export const toMillis = (seconds: number | undefined): number | undefined =>
  seconds === undefined ? undefined : Math.round(seconds * 1000);

const EXECUTION_CLOSED = /^Execution(Succeeded|Failed|Aborted|TimedOut)$/;

/**
 * Each state's span, in the order entered: a StateEntered event opens it, the next StateExited
 * event of the same name closes it, or the end of the execution (a state failed in is never
 * exited). A state entered again (a loop) gets a new span.
 */
export function stateSpans(events: readonly ApiHistoryEvent[]): StateSpan[] {
  const spans: { state: string; enteredAt: number; exitedAt?: number; events: string[] }[] = [];
  const open = new Map<string, (typeof spans)[number]>();
  for (const event of events) {
    const at = toMillis(event.timestamp) ?? 0;
    const entered = event.stateEnteredEventDetails?.name;
    const exited = event.stateExitedEventDetails?.name;
    if (event.type?.endsWith('StateEntered') && entered !== undefined) {
      const span = { state: entered, enteredAt: at, events: [] };
      spans.push(span);
      open.set(entered, span);
    } else if (event.type?.endsWith('StateExited') && exited !== undefined) {
      const span = open.get(exited);
      if (span !== undefined) {
        span.exitedAt = at;
        open.delete(exited);
      }
    } else if (event.type !== undefined) {
      // Task events and failures belong to the state entered last and still open.
      const current = [...open.values()].at(-1);
      current?.events.push(event.type);
      // A state the execution failed (or was stopped) in gets no StateExited: it ends with the execution.
      if (EXECUTION_CLOSED.test(event.type)) {
        for (const span of open.values()) span.exitedAt = at;
        open.clear();
      }
    }
  }
  return spans.map((span) => (span.exitedAt === undefined ? span : { ...span, durationMs: span.exitedAt - span.enteredAt }));
}
