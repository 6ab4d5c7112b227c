/** The options of createStateMachine and start, and the shapes the caller supplies. */
import type { Clock } from './clock.js';
import type { HistoryEvent } from './history/events.js';

/** One mocked attempt of a Task, as Step Functions Local's MockConfigFile writes it. */
export type MockedResponse = { readonly Return: unknown } | { readonly Throw: { readonly Error: string; readonly Cause?: string } };

/** What a Lambda Task asks the caller to run. */
export interface InvokeRequest {
  /** The Resource ARN (plain-ARN Tasks) or the FunctionName parameter as written (lambda:invoke). */
  readonly functionName: string;
  /** The event the function receives (a parsed JSON value). */
  readonly payload: unknown;
  /** Facts for the function's context object. */
  readonly context: {
    readonly executionArn: string;
    readonly stateName: string;
    readonly region: string;
    readonly accountId: string;
    /** The task token of a `.waitForTaskToken` Task. */
    readonly taskToken?: string;
  };
}

/**
 * Runs a Lambda function: resolve with its result (a JSON value), or throw a `LambdaError` (a
 * function error, or `LambdaError.functionNotFound(arn)`). `signal` aborts when the execution is
 * stopped or the Task times out.
 */
export type Invoke = (request: InvokeRequest, options: { readonly signal: AbortSignal }) => Promise<unknown>;

/**
 * What a Map's ItemReader asks the caller to fetch: `resource` is the ItemReader's Resource
 * (`arn:aws:states:::s3:getObject` or `arn:aws:states:::s3:listObjectsV2`), `parameters` its
 * Parameters/Arguments after evaluation (Bucket, Key, VersionId, Prefix...), `readerConfig` its
 * ReaderConfig (the engine applies InputType, CSV headers and MaxItems itself).
 */
export interface ItemReaderRequest {
  readonly resource: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly readerConfig: Readonly<Record<string, unknown>>;
}

/**
 * Fetches for an ItemReader: for `s3:getObject` resolve with the object's body as text (or with an
 * array of items already parsed); for `s3:listObjectsV2` with the listing's entries (`Key`, `Size`,
 * `LastModified`, `ETag`, `StorageClass`, as ListObjectsV2 returns them, every page). Throw a
 * StatesError for a failure the Map should report (e.g. `States.ItemReaderFailed`).
 */
export type ItemReader = (
  request: ItemReaderRequest,
  options: { readonly signal: AbortSignal },
) => Promise<string | readonly unknown[]> | string | readonly unknown[];

/** Counts of a map run's items or child executions, as DescribeMapRun reports them. */
export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
}

/** A distributed Map's run, for ListMapRuns/DescribeMapRun (delivered through `onMapRun` as it changes). */
export interface MapRunInfo {
  readonly mapRunArn: string;
  readonly executionArn: string;
  readonly stateName: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  readonly startDate: number;
  stopDate?: number;
  readonly maxConcurrency: number;
  readonly toleratedFailureCount: number;
  readonly toleratedFailurePercentage: number;
  readonly itemCounts: MapRunCounts;
  /** One child execution per item, or per batch with an ItemBatcher. */
  readonly executionCounts: MapRunCounts;
}

/** Writes a map run's results (ResultWriter); the Map's output is AWS's `{MapRunArn, ResultWriterDetails}` either way. */
export type ResultWriter = (request: {
  readonly resource: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly mapRunArn: string;
  /** The manifest key AWS reports: `<Prefix>/<map run id>/manifest.json`. */
  readonly manifestKey: string;
  readonly results: readonly {
    readonly index: number;
    readonly status: 'SUCCEEDED' | 'FAILED';
    readonly input: unknown;
    readonly output?: unknown;
    readonly error?: string;
    readonly cause?: string;
  }[];
}) => Promise<void>;

export interface Limits {
  /** Largest state input/output, execution output, and variables in bytes. @default 262144 */
  readonly payloadBytes?: number;
  /** Largest history, in events. @default 25000 */
  readonly historyEvents?: number;
}

export interface StateMachineOptions {
  readonly invoke?: Invoke;
  /** Mocked responses per Task state name, one per attempt (the last one repeats). Used before `invoke`. */
  readonly mocks?: Readonly<Record<string, readonly MockedResponse[]>>;
  /** @default realClock() */
  readonly clock?: Clock;
  readonly limits?: Limits;
  readonly itemReader?: ItemReader;
  readonly resultWriter?: ResultWriter;
  /** Called when a distributed Map's run starts and whenever its counts or status change. */
  readonly onMapRun?: (run: Readonly<MapRunInfo>) => void;
  /**
   * Which event a distributed Map's MapStateExited points at. AWS changed it between 2024-08 and
   * 2024-11 recordings: today `MapRunStarted` (the default); `MapRunSucceeded` before.
   */
  readonly mapStateExitedAfter?: 'MapRunStarted' | 'MapRunSucceeded';
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly accountId?: string;
}

/** Facts about the execution for the context object (`$$.Execution`, `$$.StateMachine`). */
export interface ExecutionFacts {
  readonly Id?: string;
  readonly Name?: string;
  readonly RoleArn?: string;
  /** ISO-8601; default: the clock's time at start. */
  readonly StartTime?: string;
  readonly RedriveCount?: number;
  readonly StateMachine?: { readonly Id?: string; readonly Name?: string };
}

export interface StartOptions {
  readonly executionArn: string;
  readonly context?: ExecutionFacts;
  readonly onEvent?: (event: HistoryEvent) => void;
  /** Aborting it stops the execution (as stop() does). */
  readonly signal?: AbortSignal;
}

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionResult {
  readonly status: ExecutionStatus;
  /** The output as a JSON text (SUCCEEDED only). */
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

export interface Execution {
  readonly events: AsyncIterable<HistoryEvent>;
  /** Every event written so far. */
  readonly history: readonly HistoryEvent[];
  readonly result: Promise<ExecutionResult>;
  stop(error?: string, cause?: string): void;
}
