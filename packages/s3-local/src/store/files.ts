import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Bytes written per write() and read per read(): big enough for disk throughput, small enough for memory. */
export const STREAM_CHUNK_BYTES = 1024 * 1024;

export interface Received {
  readonly size: number;
  /** MD5 of the bytes, hex. */
  readonly md5: string;
}

/**
 * Streams `source` into `file` (created, or replaced), measuring size and MD5 on the way; on any
 * failure (a checksum mismatch found at the end of the body, a client gone) the file is removed.
 */
export async function receiveInto(source: Readable | AsyncIterable<Buffer>, file: string): Promise<Received> {
  const md5 = createHash('md5');
  let size = 0;
  const measure = new Transform({
    highWaterMark: STREAM_CHUNK_BYTES,
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, measure, createWriteStream(file, { highWaterMark: STREAM_CHUNK_BYTES }));
    return { size, md5: md5.digest('hex') };
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}

/** Writes a small JSON file atomically: to `tmp`, then renamed over `file`. */
export async function writeJsonAtomic(file: string, tmp: string, value: unknown): Promise<void> {
  await writeFile(tmp, JSON.stringify(value));
  await mkdir(dirname(file), { recursive: true });
  await rename(tmp, file);
}

/** Removes a file; a file already gone is fine. */
export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** Runs tasks with the same name one after another (commits and deletes of one key). */
export class NamedLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(name: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(name, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(name) === tail) this.tails.delete(name);
    }
  }
}
