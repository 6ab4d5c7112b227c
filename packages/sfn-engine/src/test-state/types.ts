/** TestState's request and response, in the shapes of AWS's TestState API (JSON-text fields as texts). */
import type { StateMachineOptions } from '../options.js';
import type { MockShape } from './mock-shape.js';

export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';

export interface TestStateMock {
  /** The state's result as a JSON text. */
  readonly result?: string;
  readonly errorOutput?: { readonly error?: string; readonly cause?: string };
  /** How a mocked result is checked against the integration's API output (default STRICT). */
  readonly fieldValidationMode?: 'STRICT' | 'PRESENT' | 'NONE';
}

export interface TestStateConfiguration {
  /** Retries that already happened: a retrier with attempts left makes the result RETRIABLE. */
  readonly retrierRetryCount?: number;
  /** A Map/Parallel's mocked error comes from this inner state. */
  readonly errorCausedByState?: string;
  /** Failed iterations of a mocked Map, checked against its tolerated failure settings. */
  readonly mapIterationFailureCount?: number;
  /** The items an ItemReader would read, as a JSON text. */
  readonly mapItemReaderData?: string;
}

export interface TestStateOptions extends Omit<StateMachineOptions, 'mocks'> {
  /** A whole state machine (then `stateName` picks the state, default StartAt) or one state, as text or object. */
  readonly definition?: string | object;
  /** One state (same as a `definition` that is one state). */
  readonly state?: string | object;
  readonly stateName?: string;
  readonly roleArn?: string;
  /** JSON text (as the API takes it) or a value. @default '{}' */
  readonly input?: unknown;
  /** Variables as a JSON text (as the API takes them) or an object. */
  readonly variables?: string | Readonly<Record<string, unknown>>;
  /** The context object as a JSON text or an object; replaces the default one. */
  readonly context?: string | Readonly<Record<string, unknown>>;
  readonly mock?: TestStateMock;
  readonly stateConfiguration?: TestStateConfiguration;
  readonly inspectionLevel?: InspectionLevel;
  readonly revealSecrets?: boolean;
  /** The API output shape of a Task's integration (its Resource ARN), to check a mocked result; none: not checked. */
  readonly mockResultShape?: (resource: string) => MockShape | undefined;
}

export interface TestStateErrorDetails {
  readonly catchIndex?: number;
  readonly retryIndex?: number;
  readonly retryBackoffIntervalSeconds?: number;
}

/** `inspectionData` (DEBUG and TRACE only); data-flow values are JSON texts. */
export interface InspectionData {
  readonly input?: string;
  readonly afterInputPath?: string;
  readonly afterParameters?: string;
  readonly afterArguments?: string;
  readonly afterItemsPath?: string;
  readonly result?: string;
  readonly afterResultSelector?: string;
  readonly afterResultPath?: string;
  readonly variables?: string;
  readonly errorDetails?: TestStateErrorDetails;
  readonly maxConcurrency?: number;
  readonly toleratedFailureCount?: number;
  readonly toleratedFailurePercentage?: number;
}

/** The TestState response body: members without a value are absent, as AWS sends it. */
export interface TestStateResult {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly nextState?: string;
  readonly inspectionData?: InspectionData;
}
