import { ProcessorError } from './errors.js';
import type { ProcessedObject, Processor, ProcessorRun } from './processor.js';

/** The manifest fields process-file writes itself; processors may not return them. */
export const BUILT_IN_MANIFEST_FIELDS: ReadonlySet<string> = new Set([
  'bucket',
  'key',
  'versionId',
  'etag',
  'size',
  'sha256',
  'lines',
  'contentType',
  'processedAt',
  'manifestBucket',
  'manifestKey',
]);

/** Checked once, when the handler is created: every processor has a unique, non-empty name. */
export function checkProcessors(processors: readonly Processor[]): void {
  const seen = new Set<string>();
  for (const [index, processor] of processors.entries()) {
    const name: unknown = processor?.name;
    if (typeof name !== 'string' || name.length === 0) {
      throw new ProcessorError(`Processor #${index} has no name: every processor needs a non-empty string name`);
    }
    if (typeof processor.start !== 'function') {
      throw new ProcessorError(`Processor "${name}" has no start() method`, { processor: name });
    }
    if (seen.has(name)) {
      throw new ProcessorError(`Two processors are named "${name}": names must be unique`, { processor: name });
    }
    seen.add(name);
  }
}

/** Told about each run whose abort() threw, so the failure is logged rather than lost. */
export type AbortFailureListener = (processor: string, error: unknown) => void;

interface StartedRun {
  readonly name: string;
  readonly run: ProcessorRun;
}

/** The runs of a handler's processors on one object, driven together through one pass. */
export class ProcessorRuns {
  private constructor(
    private readonly runs: readonly StartedRun[],
    private readonly object: ProcessedObject,
    private readonly onAbortFailure: AbortFailureListener,
  ) {}

  /** Starts every processor in order; if one fails, the runs already started are aborted. */
  static async start(
    processors: readonly Processor[],
    object: ProcessedObject,
    onAbortFailure: AbortFailureListener,
  ): Promise<ProcessorRuns> {
    const started: StartedRun[] = [];
    for (const processor of processors) {
      try {
        const run = await processor.start(object);
        if (typeof run?.update !== 'function' || typeof run.finish !== 'function') {
          throw new TypeError('start() must return an object with update() and finish() methods');
        }
        started.push({ name: processor.name, run });
      } catch (error) {
        const failure = processorFailure(processor.name, 'start', error, object);
        await new ProcessorRuns(started, object, onAbortFailure).abort(failure);
        throw failure;
      }
    }
    return new ProcessorRuns(started, object, onAbortFailure);
  }

  get names(): string[] {
    return this.runs.map(({ name }) => name);
  }

  /** Hands `chunk` to every run in turn; awaits only the runs that answer with a promise. */
  async update(chunk: Buffer): Promise<void> {
    for (const { name, run } of this.runs) {
      try {
        const pending = run.update(chunk);
        if (pending !== undefined) await pending;
      } catch (error) {
        throw processorFailure(name, 'update', error, this.object);
      }
    }
  }

  /** Every run's fields, checked: plain objects, JSON-serialisable, no field claimed twice. */
  async finish(): Promise<Record<string, unknown>> {
    const merged: Record<string, unknown> = {};
    const owners = new Map<string, string>();
    for (const { name, run } of this.runs) {
      let fields: unknown;
      try {
        fields = await run.finish();
      } catch (error) {
        throw processorFailure(name, 'finish', error, this.object);
      }
      if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
        throw new ProcessorError(`Processor "${name}": finish() must return a plain object of manifest fields`, {
          ...locationOf(this.object),
          processor: name,
        });
      }
      for (const field of Object.keys(fields)) {
        const owner = owners.get(field);
        const clash = BUILT_IN_MANIFEST_FIELDS.has(field)
          ? 'a built-in manifest field'
          : owner !== undefined
            ? `a field of processor "${owner}"`
            : undefined;
        if (clash !== undefined) {
          throw new ProcessorError(`Processor "${name}" returned field "${field}", which is ${clash}`, {
            ...locationOf(this.object),
            processor: name,
          });
        }
        owners.set(field, name);
      }
      try {
        JSON.stringify(fields);
      } catch (error) {
        throw new ProcessorError(`Processor "${name}": finish() returned fields that are not JSON-serialisable`, {
          ...locationOf(this.object),
          processor: name,
          cause: error,
        });
      }
      Object.assign(merged, fields);
    }
    return merged;
  }

  /** Tells every run that supports it that processing failed; their own failures are reported, not thrown. */
  async abort(reason: unknown): Promise<void> {
    for (const { name, run } of this.runs) {
      if (typeof run.abort !== 'function') continue;
      try {
        await run.abort(reason);
      } catch (error) {
        this.onAbortFailure(name, error);
      }
    }
  }
}

function processorFailure(name: string, step: 'start' | 'update' | 'finish', error: unknown, object: ProcessedObject): ProcessorError {
  if (error instanceof ProcessorError) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ProcessorError(`Processor "${name}" failed in ${step}(): ${detail}`, {
    ...locationOf(object),
    processor: name,
    cause: error,
  });
}

function locationOf({ bucket, key, versionId }: ProcessedObject): { bucket: string; key: string; versionId: string | null } {
  return { bucket, key, versionId };
}
