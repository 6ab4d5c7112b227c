import { DEFAULT_MIN_SIZE_BYTES, MESSAGES } from '@sizegate/types';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

export interface Sample {
  /** S3 key to upload to. */
  readonly key: string;
  /** Local file to upload. */
  readonly path: string;
  readonly size: number;
  /** The final message expected, or undefined when the demo cannot know (user files on a custom threshold). */
  readonly expectedMessage: string | undefined;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** The built-in samples: both sides of the threshold, and a key that needs URL-encoding. */
export function sampleSpecs(minSizeBytes = DEFAULT_MIN_SIZE_BYTES) {
  return [
    { key: 'samples/empty.txt', size: 0 },
    { key: 'samples/one-kib.txt', size: KIB },
    { key: 'samples/exactly-threshold.bin', size: minSizeBytes },
    { key: 'samples/threshold-plus-one.bin', size: minSizeBytes + 1 },
    { key: 'samples/five-mib.bin', size: 5 * MIB },
    { key: 'samples/report 2024+final ü.csv', size: 3_000_000 },
  ].map((spec) => ({ ...spec, expectedMessage: expectedMessage(spec.size, minSizeBytes) }));
}

export function expectedMessage(size: number, minSizeBytes: number): string {
  return size >= minSizeBytes ? MESSAGES.processedOk : MESSAGES.notBigEnough;
}

/**
 * Writes the sample files into `dir`: text lines, so the manifests show real line counts.
 * Written in 1 MiB pieces, never held whole in memory.
 */
export async function createSamples(dir: string, minSizeBytes?: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const spec of sampleSpecs(minSizeBytes)) {
    const path = join(dir, basename(spec.key));
    await writeTextFile(path, spec.size);
    samples.push({ key: spec.key, path, size: spec.size, expectedMessage: spec.expectedMessage });
  }
  return samples;
}

async function writeTextFile(path: string, size: number): Promise<void> {
  const line = Buffer.from('sizegate sample line: the quick brown fox jumps over the lazy dog\n');
  const block = Buffer.alloc(MIB);
  for (let offset = 0; offset < MIB; offset += line.length) line.copy(block, offset);
  const out = createWriteStream(path);
  let remaining = size;
  while (remaining > 0) {
    const piece = block.subarray(0, Math.min(remaining, block.length));
    remaining -= piece.length;
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

/**
 * The user's own files, uploaded under `uploads/<file name>`. Files of the same name from
 * different folders (`a/x.txt b/x.txt`) get `uploads/x-2.txt`, ... so no upload replaces another.
 */
export function userSamples(paths: string[]): Sample[] {
  const used = new Set<string>();
  return paths.map((path) => {
    const key = uniqueKey(basename(path), used);
    used.add(key);
    return { key, path, size: statSync(path).size, expectedMessage: undefined };
  });
}

function uniqueKey(name: string, used: ReadonlySet<string>): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let key = `uploads/${name}`;
  // Bounded by the number of files: each one takes at most one name.
  for (let copy = 2; used.has(key); copy++) key = `uploads/${stem}-${copy}${extension}`;
  return key;
}

export const openSample = (sample: Sample) => createReadStream(sample.path, { highWaterMark: MIB });
