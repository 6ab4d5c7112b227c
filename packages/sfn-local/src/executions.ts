import type { LoggerLike } from '@sizegate/types';
import { lambdaFunctionArnOf, type ArnScope } from './arns.js';
import { scaledWaitOverrides, type DefinitionInfo, type TaskStateInfo } from './definition.js';
import type { Engine, EngineEvent, EngineRun, EngineTaskHandler } from './engine/engine.js';
import { ExecutionFaults, type TaskFault } from './faults.js';
import { ExecutionHistory, jsonText, type HistoryEvent } from './history.js';
import { scaledRetryOverrides } from './retry-timing.js';
import type { ExecutionRecord, ExecutionStore, ExecutionWriter } from './store.js';
import { TaskTracker } from './task-tracker.js';
import type { ExecutionInput } from './validation.js';
import { createLambdaContext } from './lambda/context.js';
import { createTaskOverride, type AttemptRecorder, type LocalFunctionHandler } from './lambda/invoke.js';

export type ClosedStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export type RunStatus = 'RUNNING' | ClosedStatus;

/** How long StopExecution waits for the engine to report the abort before recording it itself. */
const STOP_SETTLE_MS = 2_000;

export interface LocalFunction {
  readonly functionName: string;
  readonly handler: LocalFunctionHandler;
}

/** What every execution shares: the one engine object, the definition facts and the functions. */
export interface ExecutionEnvironment {
  readonly engine: Engine;
  readonly info: DefinitionInfo;
  readonly scope: ArnScope;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
  readonly functions: Readonly<Record<string, LocalFunction>>;
  readonly timeScale: number;
  /** Faults to inject into Task attempts (counted per execution). */
  readonly faults: readonly TaskFault[];
  readonly logger: LoggerLike;
  readonly trackInvocation: (running: Promise<unknown>) => void;
}

/** What the API operations read of an execution: a running one, or a closed one loaded from the data directory. */
export interface ExecutionView {
  readonly executionArn: string;
  readonly name: string;
  readonly input: { readonly text: string };
  readonly startDate: number;
  readonly status: RunStatus;
  readonly stopDate: number | undefined;
  readonly output: string | undefined;
  readonly error: string | undefined;
  readonly cause: string | undefined;
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

/** One execution: its API-visible state, its history, and a way to stop it. */
export class Execution implements ExecutionView {
  status: RunStatus = 'RUNNING';
  stopDate: number | undefined;
  output: string | undefined;
  error: string | undefined;
  cause: string | undefined;
  readonly history: ExecutionHistory;
  /** Resolves when the execution has closed and its history is complete. */
  readonly finished: Promise<void>;
  private readonly writer: ExecutionWriter | undefined;
  private readonly tracker = new TaskTracker();
  private readonly faults: ExecutionFaults;
  /** The engine's run while it is read; released once the execution closed, so a closed execution keeps only its API state and history. */
  private run: EngineRun | undefined;
  private stopRequest: { error?: string; cause?: string; at: number } | undefined;
  /** The state most recently entered: a Fail state's definition decides ExecutionFailed's details. */
  private lastEnteredState: string | undefined;

  constructor(
    private readonly env: ExecutionEnvironment,
    readonly executionArn: string,
    readonly name: string,
    readonly input: ExecutionInput,
    private readonly persistence?: ExecutionPersistence,
    readonly startDate: number = Date.now(),
  ) {
    this.faults = new ExecutionFaults(env.faults);
    const writer = persistence?.store.writerFor(executionArn);
    this.writer = writer;
    this.history = new ExecutionHistory(writer && ((event) => writer.appendEvent(event)));
    writer?.writeRecord(this.record());
    const run = env.engine.run(input.value, {
      taskHandlers: this.taskOverrides(),
      retryDelays: scaledRetryOverrides(env.info, this.tracker, env.timeScale),
      waitMs: scaledWaitOverrides(env.info, env.timeScale),
      context: {
        Execution: { Id: executionArn, Name: name, RoleArn: env.roleArn, RedriveCount: 0 },
        StateMachine: { Id: env.stateMachineArn, Name: env.stateMachineName },
      },
    });
    this.run = run;
    this.finished = this.readEvents(run);
  }

  /** The history: from memory while it is kept there, else from the data directory. */
  async historyEvents(): Promise<readonly HistoryEvent[]> {
    if (!this.history.released || !this.persistence) return this.history.events;
    return this.persistence.store.readHistory(this.executionArn);
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
    if (this.status !== 'RUNNING' || this.stopRequest) return this.finished;
    this.stopRequest = { error, cause, at: Date.now() };
    this.tracker.close();
    this.run?.abort();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.finished, new Promise((resolve) => (timer = setTimeout(resolve, STOP_SETTLE_MS)))]);
    clearTimeout(timer);
    if (this.status === 'RUNNING')
      this.close('ABORTED', this.stopRequest.at, () => this.history.executionAborted(error, cause, Date.now()));
  }

  private async readEvents(run: EngineRun): Promise<void> {
    try {
      for await (const event of run.events) {
        if (this.status !== 'RUNNING') break;
        this.onEngineEvent(event);
      }
    } catch (error) {
      this.env.logger.error('Reading the execution events failed', { executionArn: this.executionArn, error: String(error) });
    }
    if (this.status === 'RUNNING') {
      this.close('FAILED', Date.now(), () =>
        this.history.executionFailed('States.Runtime', 'The local runtime lost track of the execution', Date.now()),
      );
    }
    this.run = undefined;
  }

  private onEngineEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'ExecutionStarted':
        this.history.executionStarted(this.input.text, this.env.roleArn, this.startDate);
        return;
      case 'StateEntered':
        this.lastEnteredState = event.state.name;
        this.history.stateEntered(event.state.type, event.state.name, event.state.input, event.timestamp);
        if (event.state.type === 'Task') this.tracker.entered(event.state.name);
        return;
      case 'StateRetried':
        if (event.state.type === 'Task') this.tracker.retried(event.state.name);
        return;
      case 'StateExited':
        if (event.state.type === 'Task') this.writeAttemptEnd(event.state.name, undefined, event.timestamp);
        this.history.stateExited(event.state.type, event.state.name, event.state.output, event.timestamp);
        return;
      case 'StateFailed':
        if (event.state.type === 'Task') this.writeAttemptEnd(event.state.name, event.Error, event.timestamp);
        return;
      case 'ExecutionSucceeded':
        this.close('SUCCEEDED', event.timestamp, () => {
          this.output = jsonText(event.output);
          this.history.executionSucceeded(event.output, event.timestamp);
        });
        return;
      case 'ExecutionFailed': {
        const { error, cause } = this.failureDetails(event.Error, event.Cause);
        this.close('FAILED', event.timestamp, () => {
          this.error = error;
          this.cause = cause;
          this.history.executionFailed(error, cause, event.timestamp);
        });
        return;
      }
      case 'ExecutionAborted': {
        const stop = this.stopRequest ?? { at: event.timestamp };
        this.close('ABORTED', stop.at, () => {
          this.error = stop.error;
          this.cause = stop.cause;
          this.history.executionAborted(stop.error, stop.cause, stop.at);
        });
        return;
      }
      case 'ExecutionTimeout':
        this.close('TIMED_OUT', event.timestamp, () => this.history.executionTimedOut(event.timestamp));
        return;
      default:
        // Map iteration and Parallel branch events: the sizegate definition has neither.
        return;
    }
  }

  /** Writes how a Task attempt ended, just before the engine's StateExited/ExecutionFailed. */
  private writeAttemptEnd(stateName: string, engineError: string | undefined, timestamp: number): void {
    const task = this.env.info.tasks.get(stateName);
    const attempt = this.tracker.takeAttempt(stateName);
    if (!task || !attempt) return; // failed before the function ran (e.g. a Parameters path error)
    const { outcome } = attempt;
    if (outcome.kind === 'succeeded') this.history.taskSucceeded(task, outcome.output, outcome.at);
    else if (outcome.kind === 'failed') this.history.taskFailed(task, outcome.error, outcome.cause, outcome.at);
    else if (engineError === 'States.Timeout') this.history.taskTimedOut(task, timestamp);
  }

  /** ExecutionFailed's error/cause: a Fail state reports only the fields it sets; a timeout has no cause. */
  private failureDetails(engineError: string, engineCause: unknown): { error?: string; cause?: string } {
    const cause = typeof engineCause === 'string' ? engineCause : jsonText(engineCause);
    const failState = this.lastEnteredState === undefined ? undefined : this.env.info.states.get(this.lastEnteredState);
    if (failState?.Type === 'Fail') {
      return {
        error: failState.Error !== undefined || failState.ErrorPath !== undefined ? engineError : undefined,
        cause: failState.Cause !== undefined || failState.CausePath !== undefined ? cause : undefined,
      };
    }
    if (engineError === 'States.Timeout') return { error: engineError };
    return { error: engineError, cause };
  }

  private close(status: ClosedStatus, stopDate: number, write: () => void): void {
    if (this.status !== 'RUNNING') return;
    write();
    this.status = status;
    this.stopDate = stopDate;
    this.tracker.close();
    if (this.writer) {
      this.writer.writeRecord(this.record());
      // A closed execution's history is read from disk on demand: memory stays flat however many have run.
      void this.writer.settled().then((written) => written && this.history.release());
    }
    const log = status === 'SUCCEEDED' || status === 'ABORTED' ? this.env.logger.info : this.env.logger.warn;
    log.call(this.env.logger, 'Execution closed', { executionArn: this.executionArn, status, error: this.error });
  }

  private taskOverrides(): Record<string, EngineTaskHandler> {
    const overrides: Record<string, EngineTaskHandler> = {};
    for (const task of this.env.info.tasks.values()) {
      const fn = this.env.functions[task.name];
      if (!fn) continue; // analyzeDefinition guarantees one per Task state
      const functionName = bareFunctionName(fn.functionName);
      overrides[task.name] = createTaskOverride({
        integration: task.resource.kind,
        functionName,
        functionArn:
          task.resource.kind === 'lambda-function'
            ? task.resource.functionArn
            : fn.functionName.startsWith('arn:')
              ? fn.functionName
              : lambdaFunctionArnOf(this.env.scope, functionName),
        handler: fn.handler,
        // The timeout the engine enforces (scaled with the time scale), so the context counts down to it.
        timeoutMs: (task.timeoutSeconds ?? this.env.engine.defaultTaskTimeoutSeconds) * 1000 * this.env.timeScale,
        createContext: createLambdaContext,
        track: this.env.trackInvocation,
        begin: (parameters) => this.beginAttempt(task, parameters),
        injectFault: () => this.faults.nextAttempt(task.name),
      });
    }
    return overrides;
  }

  private async beginAttempt(task: TaskStateInfo, parameters: unknown): Promise<AttemptRecorder | undefined> {
    const attempt = await this.tracker.begin(task.name);
    if (!attempt || this.status !== 'RUNNING') return undefined;
    this.history.taskStarted(task, parameters, this.env.scope.region, Date.now());
    return {
      succeeded: (output) => (attempt.outcome = { kind: 'succeeded', output, at: Date.now() }),
      failed: (error, cause) => (attempt.outcome = { kind: 'failed', error, cause, at: Date.now() }),
    };
  }
}

/** `arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]` → `<name>`; a name stays as it is. */
export function bareFunctionName(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split(':')[6] ?? nameOrArn) : nameOrArn;
}
