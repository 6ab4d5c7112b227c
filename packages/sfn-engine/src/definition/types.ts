/** Amazon States Language as the engine reads it (after validation, fields have these types). */
export type QueryLanguage = 'JSONPath' | 'JSONata';

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
  readonly Output?: unknown;
  readonly Assign?: Readonly<Record<string, unknown>>;
}

/** One state; the fields present depend on `Type` (see validate.ts for the sets). */
export interface StateDefinition {
  readonly Type: string;
  readonly [field: string]: unknown;
}

export interface StatesBlock {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, StateDefinition>>;
  readonly QueryLanguage?: QueryLanguage;
}

export interface StateMachineDefinition extends StatesBlock {
  readonly Comment?: string;
  readonly Version?: string;
  readonly TimeoutSeconds?: number;
}
