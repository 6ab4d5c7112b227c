import type { ExecutionPath, ExecutionStatus, HistoryEventLike } from './types.js';

const TERMINAL_STATUS: Readonly<Record<string, ExecutionStatus>> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

/**
 * Orders the events by id when every event has one: GetExecutionHistory can be read newest first
 * (reverseOrder) or collected from pages, and the path must not depend on that.
 */
function inOrder(events: readonly HistoryEventLike[]): readonly HistoryEventLike[] {
  if (!events.every((event) => typeof event.id === 'number')) return events;
  return [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

/**
 * Reads the path an execution took from its history (GetExecutionHistory events, any order).
 *
 * A state is counted once per entry (`*StateEntered`): a Task retried after a failure stays in the
 * same state entry (TaskScheduled/TaskFailed repeat inside it), so retries do not add entries;
 * a state re-entered through a loop appears once per visit.
 */
export function pathFromHistory(events: readonly HistoryEventLike[]): ExecutionPath {
  const entered: string[] = [];
  const transitions: { from: string; to: string }[] = [];
  // Entered and not yet exited, in entry order (a Parallel/Map state stays open while its branches run).
  const open: string[] = [];
  let status: ExecutionStatus = 'RUNNING';

  for (const event of inOrder(events)) {
    const type = event.type ?? '';
    if (type.endsWith('StateEntered')) {
      const name = event.stateEnteredEventDetails?.name;
      if (name === undefined) continue;
      const previous = entered.at(-1);
      if (previous !== undefined) transitions.push({ from: previous, to: name });
      entered.push(name);
      open.push(name);
    } else if (type.endsWith('StateExited')) {
      const name = event.stateExitedEventDetails?.name;
      const index = name === undefined ? -1 : open.lastIndexOf(name);
      if (index >= 0) open.splice(index, 1);
    } else if (type in TERMINAL_STATUS) {
      status = TERMINAL_STATUS[type] ?? status;
    } else if (type === 'ExecutionRedriven' || type === 'ExecutionStarted') {
      status = 'RUNNING';
    }
  }

  const lastOpen = open.at(-1) ?? entered.at(-1);
  if (status === 'RUNNING') {
    return { entered, transitions, status, ...(open.length > 0 ? { currentState: open.at(-1) } : {}) };
  }
  if (status === 'SUCCEEDED' || lastOpen === undefined) return { entered, transitions, status };
  return { entered, transitions, status, failedState: lastOpen };
}
