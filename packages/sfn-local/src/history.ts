import type { TaskStateInfo } from './definition.js';

/** One execution history event, as GetExecutionHistory returns it (timestamp kept in ms here). */
export interface HistoryEvent {
  readonly timestamp: number;
  readonly type: string;
  readonly id: number;
  readonly previousEventId: number;
  /** The one `<type>EventDetails` member, or none (e.g. LambdaFunctionStarted has none). */
  readonly details?: { readonly key: string; readonly value: Readonly<Record<string, unknown>> };
}

/** Data fields left out when GetExecutionHistory is called with includeExecutionData false. */
const EXECUTION_DATA_FIELDS = new Set(['input', 'inputDetails', 'output', 'outputDetails']);

/** The wire form: epoch seconds, and the details under their own key. */
export function serializeEvent(event: HistoryEvent, includeExecutionData: boolean): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    timestamp: event.timestamp / 1000,
    type: event.type,
    id: event.id,
    previousEventId: event.previousEventId,
  };
  if (event.details) {
    wire[event.details.key] = includeExecutionData
      ? event.details.value
      : Object.fromEntries(Object.entries(event.details.value).filter(([field]) => !EXECUTION_DATA_FIELDS.has(field)));
  }
  return wire;
}

/** Step Functions sends state data as JSON text. */
export const jsonText = (value: unknown): string => JSON.stringify(value ?? null);

const NOT_TRUNCATED = { truncated: false } as const;

/**
 * An execution's history. Ids start at 1 and each event points at the one before it, except
 * where AWS records 0: ExecutionStarted, the first state's StateEntered (id 2), ExecutionAborted
 * and ExecutionTimedOut.
 */
export class ExecutionHistory {
  private kept: HistoryEvent[] = [];
  private count = 0;
  /** Set once the events live only on disk (see release). */
  private releasedFlag = false;

  /** `onAdd` sees every event as it is added (the store appends it to the history file). */
  constructor(private readonly onAdd?: (event: HistoryEvent) => void) {}

  /** The events kept in memory: all of them, until release(). */
  get events(): readonly HistoryEvent[] {
    return this.kept;
  }

  get released(): boolean {
    return this.releasedFlag;
  }

  /** Drops the events from memory once they are safely on disk (a closed execution's history is read from there). */
  release(): void {
    this.releasedFlag = true;
    this.kept = [];
  }

  add(type: string, details?: HistoryEvent['details'], timestamp: number = Date.now()): HistoryEvent {
    const id = ++this.count;
    const pointsAtZero =
      id === 1 || (id === 2 && type.endsWith('StateEntered')) || type === 'ExecutionAborted' || type === 'ExecutionTimedOut';
    const event: HistoryEvent = { timestamp, type, id, previousEventId: pointsAtZero ? 0 : id - 1, ...(details ? { details } : {}) };
    if (!this.releasedFlag) this.kept.push(event);
    this.onAdd?.(event);
    return event;
  }

  executionStarted(inputText: string, roleArn: string, timestamp: number): void {
    this.add(
      'ExecutionStarted',
      { key: 'executionStartedEventDetails', value: { input: inputText, inputDetails: NOT_TRUNCATED, roleArn } },
      timestamp,
    );
  }

  stateEntered(stateType: string, name: string, input: unknown, timestamp: number): void {
    this.add(
      `${stateType}StateEntered`,
      { key: 'stateEnteredEventDetails', value: { input: jsonText(input), inputDetails: NOT_TRUNCATED, name } },
      timestamp,
    );
  }

  stateExited(stateType: string, name: string, output: unknown, timestamp: number): void {
    this.add(
      `${stateType}StateExited`,
      { key: 'stateExitedEventDetails', value: { name, output: jsonText(output), outputDetails: NOT_TRUNCATED } },
      timestamp,
    );
  }

  /** TaskScheduled (lambda:invoke) or LambdaFunctionScheduled (a function ARN) followed by its Started event. */
  taskStarted(task: TaskStateInfo, parameters: unknown, region: string, timestamp: number): void {
    const timeouts = {
      ...(task.timeoutSeconds !== undefined ? { timeoutInSeconds: task.timeoutSeconds } : {}),
      ...(task.heartbeatSeconds !== undefined ? { heartbeatInSeconds: task.heartbeatSeconds } : {}),
    };
    if (task.resource.kind === 'lambda-invoke') {
      const { resource, resourceType } = task.resource;
      const value = { parameters: jsonText(parameters), region, resource, resourceType, ...timeouts };
      this.add('TaskScheduled', { key: 'taskScheduledEventDetails', value }, timestamp);
      this.add('TaskStarted', { key: 'taskStartedEventDetails', value: { resource, resourceType } }, timestamp);
    } else {
      const value = { input: jsonText(parameters), inputDetails: NOT_TRUNCATED, resource: task.resource.functionArn, ...timeouts };
      this.add('LambdaFunctionScheduled', { key: 'lambdaFunctionScheduledEventDetails', value }, timestamp);
      this.add('LambdaFunctionStarted', undefined, timestamp);
    }
  }

  taskSucceeded(task: TaskStateInfo, output: unknown, timestamp: number): void {
    const value = { output: jsonText(output), outputDetails: NOT_TRUNCATED };
    if (task.resource.kind === 'lambda-invoke') {
      const { resource, resourceType } = task.resource;
      this.add('TaskSucceeded', { key: 'taskSucceededEventDetails', value: { ...value, resource, resourceType } }, timestamp);
    } else {
      this.add('LambdaFunctionSucceeded', { key: 'lambdaFunctionSucceededEventDetails', value }, timestamp);
    }
  }

  taskFailed(task: TaskStateInfo, error: string, cause: string, timestamp: number): void {
    if (task.resource.kind === 'lambda-invoke') {
      const { resource, resourceType } = task.resource;
      this.add('TaskFailed', { key: 'taskFailedEventDetails', value: { cause, error, resource, resourceType } }, timestamp);
    } else {
      this.add('LambdaFunctionFailed', { key: 'lambdaFunctionFailedEventDetails', value: { cause, error } }, timestamp);
    }
  }

  /** A Task's TimeoutSeconds ran out; AWS records no cause. */
  taskTimedOut(task: TaskStateInfo, timestamp: number): void {
    if (task.resource.kind === 'lambda-invoke') {
      const { resource, resourceType } = task.resource;
      this.add('TaskTimedOut', { key: 'taskTimedOutEventDetails', value: { error: 'States.Timeout', resource, resourceType } }, timestamp);
    } else {
      this.add('LambdaFunctionTimedOut', { key: 'lambdaFunctionTimedOutEventDetails', value: { error: 'States.Timeout' } }, timestamp);
    }
  }

  executionSucceeded(output: unknown, timestamp: number): void {
    this.add(
      'ExecutionSucceeded',
      { key: 'executionSucceededEventDetails', value: { output: jsonText(output), outputDetails: NOT_TRUNCATED } },
      timestamp,
    );
  }

  /** error/cause only when set: a Fail state without them gives `{}`. */
  executionFailed(error: string | undefined, cause: string | undefined, timestamp: number): void {
    this.add('ExecutionFailed', { key: 'executionFailedEventDetails', value: withDefined({ cause, error }) }, timestamp);
  }

  executionAborted(error: string | undefined, cause: string | undefined, timestamp: number): void {
    this.add('ExecutionAborted', { key: 'executionAbortedEventDetails', value: withDefined({ cause, error }) }, timestamp);
  }

  executionTimedOut(timestamp: number): void {
    this.add('ExecutionTimedOut', { key: 'executionTimedOutEventDetails', value: { error: 'States.Timeout' } }, timestamp);
  }
}

export function withDefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
