/** What the interpreter carries while it runs: per execution, per branch (frame), per state. */
import type { Clock } from '../clock.js';
import type { QueryLanguage, StateDefinition, StatesBlock } from '../definition/types.js';
import type { Recorder } from '../history/recorder.js';
import type { Invoke, ItemReader, MockedResponse, StateMachineOptions } from '../options.js';
import type { Turns } from './turns.js';

export interface ExecutionRuntime {
  readonly recorder: Recorder;
  /** Which thread of the execution runs (see turns.ts). */
  readonly turns: Turns;
  readonly clock: Clock;
  readonly invoke?: Invoke;
  readonly mocks?: Readonly<Record<string, readonly MockedResponse[]>>;
  readonly itemReader?: ItemReader;
  /** The machine's options the Map state reads (resultWriter, onMapRun, mapStateExitedAfter). */
  readonly options: StateMachineOptions;
  readonly region: string;
  readonly accountId: string;
  readonly payloadLimit: number;
  readonly executionArn: string;
  /** `$$.Execution` and `$$.StateMachine`. */
  readonly contextBase: { readonly Execution: Record<string, unknown>; readonly StateMachine: Record<string, unknown> };
  /** Aborted when the execution is stopped or times out. */
  readonly signal: AbortSignal;
  /** Mock attempts consumed per state name. */
  readonly mockCalls: Map<string, number>;
  /** Counter for distributed Map run ids. */
  mapRuns: number;
  readonly stateMachineName: string;
  /** Pending `.waitForTaskToken` callbacks by task token. */
  readonly callbacks: Map<string, { resolve: (output: unknown) => void; reject: (failure: Error) => void }>;
  /** TestState only: receives each intermediate data-flow value (`afterInputPath`, `result`, ...). */
  readonly inspect?: (key: string, value: unknown) => void;
  /** TestState only: the context object to use (given or AWS's TestState default). */
  readonly contextOf?: (ctx: StateContext, taskToken?: string) => Record<string, unknown>;
  /** TestState only: how many retries already happened; a retry that would follow ends the run as RETRIABLE. */
  readonly testRetry?: { readonly retryCount: number };
  /** Runs a nested block of states (Parallel branch, Map iteration) in its own frame. */
  readonly runBlock: (rt: ExecutionRuntime, block: StatesBlock, input: unknown, frame: Frame) => Promise<unknown>;
}

/** One thread of states: the top level, a Parallel branch or a Map iteration. */
export interface Frame {
  /** previousEventId for the next event written in this thread. */
  cursor: number;
  /** Variables this thread sees; a branch gets a copy, so its assignments stay inside. */
  readonly variables: Record<string, unknown>;
  readonly queryLanguage: QueryLanguage;
  readonly mapItem?: { readonly Index: number; readonly Value: unknown };
  /** The state this thread is in (entered, not exited): what an abort of the thread closes. */
  open?: OpenState;
}

export interface OpenState {
  readonly type: string;
  /** A Map or Parallel state: writes the abort events of its own running threads. */
  abortNested?: (recorder: Recorder, previousEventId: number) => void;
}

export interface StateContext {
  readonly rt: ExecutionRuntime;
  readonly frame: Frame;
  readonly name: string;
  readonly state: StateDefinition;
  readonly queryLanguage: QueryLanguage;
  readonly enteredId: number;
  /** previousEventId of the Entered event (EvaluationFailed points there). */
  readonly enteredPrev: number;
  readonly enteredTime: string;
  retryCount: number;
  /** The raw state input. */
  readonly input: unknown;
  /** Variables as they were before the state ran (what Assign and expressions read). */
  readonly variables: Readonly<Record<string, unknown>>;
}

/** What a state's attempt produced. */
export interface StateOutcome {
  readonly output: unknown;
  /** Next state; undefined ends the thread. */
  readonly next?: string;
  readonly assigned?: Readonly<Record<string, unknown>>;
  /** False for Fail-like endings that write no Exited event. */
  readonly exited?: boolean;
}
