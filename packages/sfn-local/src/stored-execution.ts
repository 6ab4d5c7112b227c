import { stateMachineArnOfExecution } from './arns.js';
import type { ExecutionView, RunStatus } from './executions.js';
import type { HistoryEvent } from './history.js';
import type { ExecutionRecord, ExecutionStore } from './store.js';

/** A closed execution loaded from the data directory: its record in memory, its history read on demand. */
export class StoredExecution implements ExecutionView {
  readonly finished: Promise<void> = Promise.resolve();
  readonly input: { readonly text: string };

  constructor(
    private readonly store: ExecutionStore,
    private readonly record: ExecutionRecord,
  ) {
    this.input = { text: record.input };
  }

  get executionArn(): string {
    return this.record.executionArn;
  }
  get stateMachineArn(): string {
    return stateMachineArnOfExecution(this.record.executionArn);
  }
  get name(): string {
    return this.record.name;
  }
  get startDate(): number {
    return this.record.startDate;
  }
  get status(): RunStatus {
    return this.record.status;
  }
  get stopDate(): number | undefined {
    return this.record.stopDate;
  }
  get output(): string | undefined {
    return this.record.output;
  }
  get error(): string | undefined {
    return this.record.error;
  }
  get cause(): string | undefined {
    return this.record.cause;
  }

  historyEvents(): Promise<readonly HistoryEvent[]> {
    return this.store.readHistory(this.record.executionArn);
  }

  /** A closed execution stays as it is (StopExecution answers with its stop date). */
  async stop(): Promise<void> {}
}

/** Step Functions' limit on an execution name. */
const MAX_NAME_LENGTH = 80;
const RESTART_SUFFIX = /-restart-(\d+)$/;

/**
 * The name an interrupted execution is started again under: `<name>-restart-1` (`-restart-2` for
 * one that was itself a restart, and so on), the name cut so the whole stays within 80 characters,
 * and the number raised until the name is free.
 */
export function restartNameFor(name: string, isTaken: (candidate: string) => boolean): string {
  const match = RESTART_SUFFIX.exec(name);
  const base = match ? name.slice(0, match.index) : name;
  const first = match ? Number(match[1]) + 1 : 1;
  for (let attempt = first; attempt < first + 10_000; attempt++) {
    const suffix = `-restart-${attempt}`;
    const candidate = base.slice(0, MAX_NAME_LENGTH - suffix.length) + suffix;
    if (!isTaken(candidate)) return candidate;
  }
  throw new Error(`No free restart name for execution "${name}"`);
}
