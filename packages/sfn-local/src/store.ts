import type { LoggerLike } from '@sizegate/types';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { detailsOf, storedEvent, type HistoryEvent } from './history.js';

export type StoredStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** `<hash>.json`: what DescribeExecution and ListExecutions answer, rewritten when the execution starts and closes. */
export interface ExecutionRecord {
  readonly v: 1;
  /** Start order: ListExecutions lists newest first. */
  readonly seq: number;
  readonly executionArn: string;
  readonly name: string;
  /** Epoch milliseconds. */
  readonly startDate: number;
  /** The input text exactly as given to StartExecution. */
  readonly input: string;
  readonly status: StoredStatus;
  readonly stopDate?: number;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

const RECORD_SUFFIX = '.json';
const HISTORY_SUFFIX = '.history.jsonl';
const TERMINAL_EVENTS: Readonly<Record<string, StoredStatus>> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionAborted: 'ABORTED',
  ExecutionTimedOut: 'TIMED_OUT',
};

/** File names come from a hash of the ARN: execution names may hold characters no file system takes. */
const fileIdOf = (executionArn: string) => createHash('sha256').update(executionArn, 'utf8').digest('hex').slice(0, 40);

/**
 * Executions on disk, under `<directory>`: per execution a JSON record (written whole, through a
 * temp file and a rename, so it is never half-written) and a JSON-lines history appended as the
 * events happen. A history's last line may be cut short when the process is killed: loading
 * skips lines that do not parse, and logs them.
 */
export class ExecutionStore {
  private lastSeq = 0;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    readonly directory: string,
    private readonly logger: LoggerLike,
  ) {
    mkdirSync(directory, { recursive: true });
  }

  /** Every record in the directory, in start order. */
  loadRecords(): ExecutionRecord[] {
    const records: ExecutionRecord[] = [];
    for (const file of readdirSync(this.directory)) {
      if (!file.endsWith(RECORD_SUFFIX) || file.endsWith(HISTORY_SUFFIX)) continue;
      let record: ExecutionRecord;
      try {
        record = JSON.parse(readFileSync(join(this.directory, file), 'utf8')) as ExecutionRecord;
      } catch (error) {
        this.logger.warn('Skipped an unreadable execution record', { file: join(this.directory, file), error: String(error) });
        continue;
      }
      if (!isRecord(record)) {
        this.logger.warn('Skipped an execution record of an unknown shape', { file: join(this.directory, file) });
        continue;
      }
      this.lastSeq = Math.max(this.lastSeq, record.seq);
      records.push(record);
    }
    return records.sort((a, b) => a.seq - b.seq);
  }

  nextSeq(): number {
    return ++this.lastSeq;
  }

  /** The writer of one execution's files. */
  writerFor(executionArn: string): ExecutionWriter {
    return new ExecutionWriter(join(this.directory, fileIdOf(executionArn)), this.logger, executionArn, (write) => {
      this.pending.add(write);
      void write.finally(() => this.pending.delete(write));
    });
  }

  /** An execution's history as stored (corrupt lines skipped and logged). */
  async readHistory(executionArn: string): Promise<HistoryEvent[]> {
    const path = join(this.directory, fileIdOf(executionArn)) + HISTORY_SUFFIX;
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    return this.parseHistory(text, executionArn, path);
  }

  /**
   * Closes the record of an execution that was RUNNING when the process stopped: from its history
   * when the history already ends with the closing event (the record was not rewritten in time),
   * else as ABORTED now, appending ExecutionAborted. Writes both files; returns the closed record
   * and whether it was aborted now.
   */
  closeInterrupted(
    record: ExecutionRecord,
    roleArn: string,
    abort: { error: string; cause: string },
  ): { record: ExecutionRecord; aborted: boolean } {
    const base = join(this.directory, fileIdOf(record.executionArn));
    let text = '';
    try {
      text = readFileSync(base + HISTORY_SUFFIX, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const events = this.parseHistory(text, record.executionArn, base + HISTORY_SUFFIX);
    const last = events.at(-1);
    const ended = last === undefined ? undefined : TERMINAL_EVENTS[last.type];
    let closed: ExecutionRecord;
    const aborted = ended === undefined;
    if (last !== undefined && ended !== undefined) {
      const details = (detailsOf(last)?.value ?? {}) as { output?: string; error?: string; cause?: string };
      closed = {
        ...record,
        status: ended,
        stopDate: last.timestamp,
        ...pick(details, ended === 'SUCCEEDED' ? ['output'] : ['error', 'cause']),
      };
    } else {
      const now = Date.now();
      if (events.length === 0) {
        // Killed before the engine reported ExecutionStarted: write it, so the history reads as on AWS.
        const details = { input: record.input, inputDetails: { truncated: false }, roleArn };
        events.push({
          type: 'ExecutionStarted',
          id: 1,
          previousEventId: 0,
          timestamp: record.startDate,
          executionStartedEventDetails: details,
        });
      }
      const id = (events.at(-1)?.id ?? 0) + 1;
      events.push({ type: 'ExecutionAborted', id, previousEventId: 0, timestamp: now, executionAbortedEventDetails: { ...abort } });
      closed = { ...record, status: 'ABORTED', stopDate: now, ...abort };
    }
    // Rewritten whole: a cut-short last line is dropped rather than left before the new event.
    writeFileAtomicSync(base + HISTORY_SUFFIX, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    writeFileAtomicSync(base + RECORD_SUFFIX, JSON.stringify(closed));
    return { record: closed, aborted };
  }

  /** Resolves when every write issued so far has finished. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private parseHistory(text: string, executionArn: string, file: string): HistoryEvent[] {
    const events: HistoryEvent[] = [];
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let event: HistoryEvent | undefined;
      try {
        event = storedEvent(JSON.parse(line));
      } catch {
        event = undefined;
      }
      if (event) events.push(event);
      else {
        const cutShort = index === lines.length - 1;
        this.logger.warn(
          cutShort ? 'Skipped a half-written last line of an execution history' : 'Skipped a corrupt line of an execution history',
          {
            executionArn,
            file,
            line: index + 1,
          },
        );
      }
    });
    return events;
  }
}

/** Writes one execution's files in order: the record whole, history lines appended (batched while a write is under way). */
export class ExecutionWriter {
  private chain: Promise<void> = Promise.resolve();
  private lines: string[] = [];
  private failed = false;

  constructor(
    private readonly base: string,
    private readonly logger: LoggerLike,
    private readonly executionArn: string,
    private readonly track: (write: Promise<unknown>) => void,
  ) {}

  writeRecord(record: ExecutionRecord): void {
    const text = JSON.stringify(record);
    this.enqueue(async () => {
      await writeFile(`${this.base}${RECORD_SUFFIX}.tmp`, text);
      await rename(`${this.base}${RECORD_SUFFIX}.tmp`, this.base + RECORD_SUFFIX);
    });
  }

  appendEvent(event: HistoryEvent): void {
    this.lines.push(`${JSON.stringify(event)}\n`);
    if (this.lines.length > 1) return; // a write is already queued: it takes this line too
    this.enqueue(async () => {
      const text = this.lines.join('');
      this.lines = [];
      await appendFile(this.base + HISTORY_SUFFIX, text);
    });
  }

  /** Resolves when the writes issued so far are done: true when all of them succeeded. */
  async settled(): Promise<boolean> {
    await this.chain;
    return !this.failed;
  }

  private enqueue(write: () => Promise<void>): void {
    this.chain = this.chain.then(write).catch((error: unknown) => {
      this.failed = true;
      this.logger.error('Could not write an execution to the data directory', { executionArn: this.executionArn, error: String(error) });
    });
    this.track(this.chain);
  }
}

function writeFileAtomicSync(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

function pick<T extends object>(value: T, fields: readonly (keyof T)[]): Partial<T> {
  return Object.fromEntries(fields.filter((field) => typeof value[field] === 'string').map((field) => [field, value[field]])) as Partial<T>;
}

function isRecord(value: unknown): value is ExecutionRecord {
  const record = value as Partial<ExecutionRecord> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    record.v === 1 &&
    typeof record.seq === 'number' &&
    typeof record.executionArn === 'string' &&
    typeof record.name === 'string' &&
    typeof record.startDate === 'number' &&
    typeof record.input === 'string' &&
    typeof record.status === 'string'
  );
}
