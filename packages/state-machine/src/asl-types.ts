/** The subset of the Amazon States Language this definition uses, typed. */
export type JsonPath = string;

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

export interface TaskState {
  readonly Type: 'Task';
  readonly Comment?: string;
  readonly Resource: string;
  readonly Parameters: Readonly<Record<string, unknown>>;
  readonly ResultSelector?: Readonly<Record<string, unknown>>;
  readonly ResultPath?: JsonPath;
  readonly OutputPath?: JsonPath;
  readonly TimeoutSeconds: number;
  readonly Retry: readonly Retrier[];
  readonly Next: string;
}

export type ChoiceRule =
  | { readonly Variable: JsonPath; readonly [operator: string]: unknown }
  | { readonly Not: ChoiceRule }
  | { readonly And: readonly ChoiceRule[] }
  | { readonly Or: readonly ChoiceRule[] };

export interface ChoiceState {
  readonly Type: 'Choice';
  readonly Comment?: string;
  readonly Choices: readonly (ChoiceRule & { readonly Next: string })[];
  readonly Default: string;
}

export interface PassState {
  readonly Type: 'Pass';
  readonly Comment?: string;
  readonly Parameters: Readonly<Record<string, unknown>>;
  readonly End: true;
}

export interface FailState {
  readonly Type: 'Fail';
  readonly Comment?: string;
  readonly Error: string;
  readonly Cause: string;
}

export type State = TaskState | ChoiceState | PassState | FailState;

export interface StateMachineDefinition {
  readonly Comment: string;
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
}
