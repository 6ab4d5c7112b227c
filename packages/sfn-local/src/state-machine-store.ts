import type { LoggerLike } from '@sizegate/types';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StateMachineRecord } from './state-machine.js';

/** Beside the execution files: a directory name no execution file can take. */
const DIRECTORY = 'state-machines';

const fileOf = (stateMachineArn: string) => `${createHash('sha256').update(stateMachineArn, 'utf8').digest('hex').slice(0, 40)}.json`;

/**
 * State machines created through the API, one JSON file each under `<directory>/state-machines/`,
 * written whole (a temp file, then a rename) and removed when the state machine is deleted.
 */
export class StateMachineStore {
  private readonly directory: string;

  constructor(
    parent: string,
    private readonly logger: LoggerLike,
  ) {
    // Made on the first save: a data directory with no state machine of its own stays as it was.
    this.directory = join(parent, DIRECTORY);
  }

  /** Every record kept, oldest first (by name within one millisecond); unreadable files are skipped and logged. */
  load(): StateMachineRecord[] {
    const records: StateMachineRecord[] = [];
    let files: string[];
    try {
      files = readdirSync(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return records;
      throw error;
    }
    for (const file of files) {
      if (!file.endsWith('.json')) continue;
      const path = join(this.directory, file);
      try {
        const record = JSON.parse(readFileSync(path, 'utf8')) as StateMachineRecord;
        if (record.v !== 1 || typeof record.stateMachineArn !== 'string' || typeof record.definition !== 'string') {
          throw new Error('not a state machine record');
        }
        records.push(record);
      } catch (error) {
        this.logger.warn('Skipped an unreadable state machine file', { file: path, error: String(error) });
      }
    }
    return records.sort((a, b) => a.creationDate - b.creationDate || (a.name < b.name ? -1 : 1));
  }

  save(record: StateMachineRecord): void {
    mkdirSync(this.directory, { recursive: true });
    const path = join(this.directory, fileOf(record.stateMachineArn));
    writeFileSync(`${path}.tmp`, JSON.stringify(record));
    renameSync(`${path}.tmp`, path);
  }

  remove(stateMachineArn: string): void {
    rmSync(join(this.directory, fileOf(stateMachineArn)), { force: true });
  }
}
