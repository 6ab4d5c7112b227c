/** AWS's history event shape: one `*EventDetails` member (or none) per event type. */
export interface HistoryEvent {
  readonly type: string;
  readonly id: number;
  readonly previousEventId: number;
  /** Epoch milliseconds from the engine's clock (the wire protocol sends epoch seconds). */
  readonly timestamp: number;
  readonly [detailsKey: string]: unknown;
}

/** The details member name AWS uses for each event type that has one (Step Functions API reference). */
const DETAILS_KEY: Readonly<Record<string, string>> = {
  ExecutionStarted: 'executionStartedEventDetails',
  ExecutionSucceeded: 'executionSucceededEventDetails',
  ExecutionFailed: 'executionFailedEventDetails',
  ExecutionAborted: 'executionAbortedEventDetails',
  ExecutionTimedOut: 'executionTimedOutEventDetails',
  ExecutionRedriven: 'executionRedrivenEventDetails',
  EvaluationFailed: 'evaluationFailedEventDetails',
  LambdaFunctionScheduled: 'lambdaFunctionScheduledEventDetails',
  LambdaFunctionScheduleFailed: 'lambdaFunctionScheduleFailedEventDetails',
  LambdaFunctionStartFailed: 'lambdaFunctionStartFailedEventDetails',
  LambdaFunctionSucceeded: 'lambdaFunctionSucceededEventDetails',
  LambdaFunctionFailed: 'lambdaFunctionFailedEventDetails',
  LambdaFunctionTimedOut: 'lambdaFunctionTimedOutEventDetails',
  TaskScheduled: 'taskScheduledEventDetails',
  TaskStarted: 'taskStartedEventDetails',
  TaskSubmitted: 'taskSubmittedEventDetails',
  TaskSucceeded: 'taskSucceededEventDetails',
  TaskFailed: 'taskFailedEventDetails',
  TaskTimedOut: 'taskTimedOutEventDetails',
  MapStateStarted: 'mapStateStartedEventDetails',
  MapIterationStarted: 'mapIterationStartedEventDetails',
  MapIterationSucceeded: 'mapIterationSucceededEventDetails',
  MapIterationFailed: 'mapIterationFailedEventDetails',
  MapIterationAborted: 'mapIterationAbortedEventDetails',
  MapRunStarted: 'mapRunStartedEventDetails',
  MapRunFailed: 'mapRunFailedEventDetails',
  MapRunRedriven: 'mapRunRedrivenEventDetails',
};

/** Event types that carry no details member at all (README "Shapes" 3). */
const NO_DETAILS = new Set([
  'LambdaFunctionStarted',
  'MapStateSucceeded',
  'MapStateFailed',
  'MapStateAborted',
  'MapRunSucceeded',
  'MapRunAborted',
  'ParallelStateStarted',
  'ParallelStateSucceeded',
  'ParallelStateFailed',
  'ParallelStateAborted',
  'TaskStateAborted',
  'WaitStateAborted',
  'PassStateAborted',
]);

/** `XStateEntered` → stateEnteredEventDetails, `XStateExited` → stateExitedEventDetails, else the table. */
export function detailsKeyOf(type: string): string | undefined {
  if (NO_DETAILS.has(type)) return undefined;
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return DETAILS_KEY[type];
}

/** Builds one event; details are dropped for types that have no details member. */
export function buildEvent(type: string, id: number, previousEventId: number, timestamp: number, details?: object): HistoryEvent {
  const key = detailsKeyOf(type);
  const event: Record<string, unknown> = { type, id, previousEventId, timestamp };
  if (key !== undefined) event[key] = details ?? {};
  return event as HistoryEvent;
}
