import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';

/** A GetObject body made of `chunks`, recording how far it was read and whether it was destroyed. */
export interface TrackedBody {
  /** What a mocked GetObject resolves with. */
  readonly body: GetObjectCommandOutput['Body'];
  readonly stream: Readable;
  /** How many chunks the reader pulled. */
  pulled(): number;
}

/**
 * The SDK hands process-file a Node.js Readable (an IncomingMessage with sdkStreamMixin's
 * transformTo* helpers). process-file only iterates and destroys it, so a plain Readable is
 * the faithful stand-in; the cast is there because the SDK types the body as a union that also
 * covers browser streams. `failAfter` makes the stream error once that many chunks were read: by
 * default as a reset socket does (`Error: aborted`, code ECONNRESET), or with `failWith()`'s error.
 */
export function trackedBody(
  chunks: ReadonlyArray<Buffer | string>,
  options: { failAfter?: number; failWith?: () => Error } = {},
): TrackedBody {
  let pulled = 0;
  function* generate(): Generator<Buffer | string> {
    for (const chunk of chunks) {
      if (options.failAfter !== undefined && pulled >= options.failAfter) {
        throw options.failWith?.() ?? Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
      }
      pulled++;
      yield chunk;
    }
  }
  const stream = Readable.from(generate());
  return { body: stream as unknown as GetObjectCommandOutput['Body'], stream, pulled: () => pulled };
}

/** Cuts `data` into chunks of the given sizes (the last one takes the rest). */
export function splitAt(data: Buffer, ...sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const size of sizes) {
    chunks.push(data.subarray(offset, offset + size));
    offset += size;
  }
  if (offset < data.length) chunks.push(data.subarray(offset));
  return chunks;
}
