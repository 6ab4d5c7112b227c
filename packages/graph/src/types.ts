/** One event of GetExecutionHistory (the AWS SDK shape, the subset this package reads). */
export interface HistoryEventLike {
  readonly type?: string;
  readonly id?: number;
  readonly previousEventId?: number;
  readonly timestamp?: Date | string | number;
  readonly stateEnteredEventDetails?: { readonly name?: string; readonly input?: string };
  readonly stateExitedEventDetails?: { readonly name?: string; readonly output?: string };
  readonly executionFailedEventDetails?: { readonly error?: string; readonly cause?: string };
  readonly taskFailedEventDetails?: { readonly error?: string; readonly cause?: string };
  // other *EventDetails are ignored
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** The path one execution took through its state machine, read from its history. */
export interface ExecutionPath {
  /** State names in the order they were entered (a state entered twice appears twice). */
  readonly entered: readonly string[];
  /** The edges taken, in order. */
  readonly transitions: readonly { from: string; to: string }[];
  /** The state the execution failed (or timed out, or was aborted) in. */
  readonly failedState?: string;
  /** RUNNING only: the state entered last and not yet exited. */
  readonly currentState?: string;
  readonly status: ExecutionStatus;
}

export interface GraphOptions {
  /** Marks the states entered, the transitions taken and the failed/current state, with a legend. */
  readonly path?: ExecutionPath;
  /** Drawn above the graph. */
  readonly title?: string;
}
