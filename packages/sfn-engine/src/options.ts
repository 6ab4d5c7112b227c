/** The options of createStateMachine and start, and the shapes the caller supplies. */
import type { Clock } from './clock.js';
import type { HistoryEvent } from './history/events.js';

/** One mocked attempt of a Task, as Step Functions Local's MockConfigFile writes it. */
export type MockedResponse =
  | { readonly Return: unknown }
  | { readonly Throw: { readonly Error: string; readonly Cause?: string } };

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

/** Reads a distributed Map's items (ItemReader), e.g. from S3; the service wires it. */
export type ItemReader = (
  readerConfig: Readonly<Record<string, unknown>>,
  input: unknown,
) => AsyncIterable<unknown> | Promise<readonly unknown[]>;

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
