import {
  type Clock,
  createStateMachine,
  type Execution as EngineExecution,
  type ExecutionResult,
  type StateMachineOptions,
} from '@sizegate/sfn-engine';
import type { LoggerLike } from '@sizegate/types';
import type { ArnScope } from './arns.js';
import { ExecutionFaults } from './faults.js';
import type { FunctionRegistry } from './functions/registry.js';
import type { HistoryEvent } from './history.js';
import { createTaskInvoke } from './lambda/task-invoke.js';
import type { LocalStateMachine } from './state-machine.js';
import type { ExecutionRecord, ExecutionStore, ExecutionWriter } from './store.js';
import type { ExecutionInput } from './validation.js';

export type ClosedStatus = ExecutionResult['status'];
export type RunStatus = 'RUNNING' | ClosedStatus;

/** How long StopExecution waits for the engine to write the closing event. */
const STOP_SETTLE_MS = 2_000;

/** The engine options every execution gets from the service (the rest are per execution). */
export type EngineOptions = Pick<StateMachineOptions, 'mapStateExitedAfter' | 'itemReader' | 'limits'>;

/** What every execution shares: the functions, the clock maker, the engine options. */
export interface ExecutionEnvironment {
  readonly scope: ArnScope;
  readonly functions: FunctionRegistry;
  /** A fresh clock for each execution, starting at the wall clock's now. */
  readonly newClock: () => Clock;
  readonly engineOptions: EngineOptions;
  readonly logger: LoggerLike;
  readonly trackInvocation: (running: Promise<unknown>) => void;
}

/** What the API operations read of an execution: a running one, or a closed one loaded from the data directory. */
export interface ExecutionView {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: { readonly text: string };
  readonly startDate: number;
  readonly status: RunStatus;
  readonly stopDate: number | undefined;
  readonly output: string | undefined;
  readonly error: string | undefined;
  readonly cause: string | undefined;
  /** The state machine it ran, when it is known (an execution loaded from the data directory has only its ARN). */
  readonly machine?: LocalStateMachine;
  /** Resolves when the execution has closed and its history is complete. */
  readonly finished: Promise<void>;
  historyEvents(): Promise<readonly HistoryEvent[]>;
  stop(error?: string, cause?: string): Promise<void>;
}

/** Where an execution is persisted: the store and its place in start order. */
export interface ExecutionPersistence {
  readonly store: ExecutionStore;
  readonly seq: number;
}

/**
 * One execution on the engine: its own engine machine and clock, its history as the engine writes
 * it (appended to the data directory as it happens), and its API-visible state once it closes.
 */
export class Execution implements ExecutionView {
  status: RunStatus = 'RUNNING';
  stopDate: number | undefined;
  output: string | undefined;
  error: string | undefined;
  cause: string | undefined;
  readonly startDate: number;
  /** Resolves when the execution has closed and its history is complete. */
  readonly finished: Promise<void>;
  private readonly writer: ExecutionWriter | undefined;
  /** The engine's history: read live while running; dropped once a persisted execution's files are written. */
  private events: readonly HistoryEvent[] | undefined;
  private run: EngineExecution | undefined;

  constructor(
    env: ExecutionEnvironment,
    readonly machine: LocalStateMachine,
    readonly executionArn: string,
    readonly name: string,
    readonly input: ExecutionInput,
    private readonly persistence?: ExecutionPersistence,
  ) {
    const clock = env.newClock();
    this.startDate = clock.now();
    const writer = persistence?.store.writerFor(executionArn);
    this.writer = writer;
    writer?.writeRecord(this.record());
    const invoke = createTaskInvoke({
      scope: env.scope,
      functions: env.functions,
      ...(machine.extras.stateFunctions ? { stateFunctions: machine.extras.stateFunctions } : {}),
      ...(machine.extras.faults?.length ? { faults: new ExecutionFaults(machine.extras.faults) } : {}),
      track: env.trackInvocation,
    });
    const engine = createStateMachine(machine.definition, { ...env.engineOptions, invoke, clock, ...env.scope });
    const run = engine.start(input.text, {
      executionArn,
      context: {
        Id: executionArn,
        Name: name,
        RoleArn: machine.record.roleArn,
        StartTime: new Date(this.startDate).toISOString(),
        RedriveCount: 0,
        StateMachine: { Id: machine.stateMachineArn, Name: machine.name },
      },
      ...(writer ? { onEvent: (event: HistoryEvent) => writer.appendEvent(event) } : {}),
    });
    this.run = run;
    this.events = run.history;
    this.finished = run.result.then(
      (result) => this.close(result, env.logger),
      (error: unknown) => {
        env.logger.error('The engine failed an execution', { executionArn, error: String(error) });
        return this.close({ status: 'FAILED', error: 'States.Runtime', cause: 'The local engine failed' }, env.logger);
      },
    );
  }

  get stateMachineArn(): string {
    return this.machine.stateMachineArn;
  }

  /** The history: from memory while it is kept there, else from the data directory. */
  async historyEvents(): Promise<readonly HistoryEvent[]> {
    if (this.events !== undefined) return this.events;
    return this.persistence ? this.persistence.store.readHistory(this.executionArn) : [];
  }

  /** What the data directory keeps of this execution. */
  record(): ExecutionRecord {
    return {
      v: 1,
      seq: this.persistence?.seq ?? 0,
      executionArn: this.executionArn,
      name: this.name,
      startDate: this.startDate,
      input: this.input.text,
      status: this.status,
      ...(this.stopDate === undefined ? {} : { stopDate: this.stopDate }),
      ...(this.output === undefined ? {} : { output: this.output }),
      ...(this.error === undefined ? {} : { error: this.error }),
      ...(this.cause === undefined ? {} : { cause: this.cause }),
    };
  }

  /** StopExecution: aborts a running execution (a closed one is left as it is). */
  async stop(error?: string, cause?: string): Promise<void> {
    if (this.status !== 'RUNNING') return;
    this.run?.stop(error, cause);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.finished, new Promise((resolve) => (timer = setTimeout(resolve, STOP_SETTLE_MS)))]);
    clearTimeout(timer);
  }

  private async close(result: ExecutionResult, logger: LoggerLike): Promise<void> {
    const last = this.events?.at(-1);
    this.status = result.status;
    this.stopDate = last?.timestamp ?? this.startDate;
    this.output = result.output;
    this.error = result.error;
    this.cause = result.cause;
    this.run = undefined;
    const log = result.status === 'SUCCEEDED' || result.status === 'ABORTED' ? logger.info : logger.warn;
    log.call(logger, 'Execution closed', { executionArn: this.executionArn, status: result.status, error: result.error });
    if (this.writer) {
      this.writer.writeRecord(this.record());
      // Once its files are written, a closed execution's history is read from the data directory.
      if (await this.writer.settled()) this.events = undefined;
    }
  }
}
