/**
 * What the Step Functions service needs of a state machine engine: run a definition's execution
 * with local Task handlers and report what happens as events. The service turns those events into
 * AWS history events, persists them and serves them over the API; the engine knows nothing of HTTP,
 * files or Lambda. Exactly one module implements it (engine/aws-local-stepfunctions.ts): swapping
 * the engine means writing another implementation of this interface, nothing else.
 */

/** A state an event is about. */
export interface EngineState {
  readonly name: string;
  /** The ASL state type: 'Task', 'Choice', 'Pass', 'Fail', ... */
  readonly type: string;
  /** The state's effective input (StateEntered). */
  readonly input?: unknown;
  /** The state's output (StateExited). */
  readonly output?: unknown;
}

/** One step of an execution, in the order it happened; `timestamp` in ms since the epoch. */
export type EngineEvent =
  | { readonly type: 'ExecutionStarted'; readonly timestamp: number }
  | { readonly type: 'StateEntered' | 'StateExited' | 'StateRetried'; readonly timestamp: number; readonly state: EngineState }
  | {
      readonly type: 'StateFailed';
      readonly timestamp: number;
      readonly state: EngineState;
      readonly Error: string;
      readonly Cause: unknown;
    }
  | { readonly type: 'ExecutionSucceeded'; readonly timestamp: number; readonly output: unknown }
  | { readonly type: 'ExecutionFailed'; readonly timestamp: number; readonly Error: string; readonly Cause: unknown }
  | { readonly type: 'ExecutionAborted' | 'ExecutionTimeout'; readonly timestamp: number }
  /** Map iterations, Parallel branches and caught errors: nothing the history records yet. */
  | {
      readonly type:
        | 'StateCaught'
        | 'MapIterationStarted'
        | 'MapIterationSucceeded'
        | 'MapIterationFailed'
        | 'ParallelBranchStarted'
        | 'ParallelBranchSucceeded'
        | 'ParallelBranchFailed';
      readonly timestamp: number;
    };

/**
 * Runs one Task attempt: the state's effective input (after InputPath/Parameters) in, its result
 * out. A rejection fails the attempt with Error = the error's `name`, Cause = its `message`.
 */
export type EngineTaskHandler = (input: unknown) => Promise<unknown>;

/** The Context object's members an execution is started with (`$$.Execution`, `$$.StateMachine`). */
export interface EngineContext {
  readonly Execution: { readonly Id: string; readonly Name: string; readonly RoleArn: string; readonly RedriveCount: number };
  readonly StateMachine: { readonly Id: string; readonly Name: string };
}

export interface EngineRunOptions {
  /** Task state name → its handler; every Task state of the definition has one. */
  readonly taskHandlers: Readonly<Record<string, EngineTaskHandler>>;
  /**
   * Task state name → the delay in ms before the next retry, one entry per retrier of the state.
   * Read each time the engine decides on a retry (the values may be getters computing it then).
   * @default the definition's own intervals
   */
  readonly retryDelays?: Readonly<Record<string, readonly number[]>> | undefined;
  /** Wait state name → how long it waits, in ms. @default the definition's own */
  readonly waitMs?: Readonly<Record<string, number>> | undefined;
  readonly context: EngineContext;
}

export interface EngineRun {
  /** Every event of the execution; ends after its last (ExecutionSucceeded, -Failed, -Aborted or -Timeout). */
  readonly events: AsyncIterable<EngineEvent>;
  /** Stops the execution: its events end with ExecutionAborted. */
  abort(): void;
}

export interface Engine {
  /** The TimeoutSeconds a Task without one gets (what a Lambda context counts down from). */
  readonly defaultTaskTimeoutSeconds: number;
  run(input: unknown, options: EngineRunOptions): EngineRun;
}

export interface EngineOptions {
  /** Check the definition when the engine is created. */
  readonly validate: boolean;
  /**
   * Task TimeoutSeconds (the default included) and the machine's TimeoutSeconds are multiplied by
   * this; 1 runs them as written. Retry and Wait timing are given per run (retryDelays, waitMs).
   */
  readonly timeScale: number;
}

/** Builds the engine for one definition; throws on a definition it cannot run. */
export type CreateEngine = (definition: object, options: EngineOptions) => Engine;
