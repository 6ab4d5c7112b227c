import { describe, expect, it } from 'vitest';
import { countNewlines, countNewlinesWithIndexOf } from '../../src/count-newlines.js';

/** Deterministic bytes with newlines at irregular places (a small LCG, no Math.random). */
function bytesWithNewlines(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    bytes[index] = state % 7 === 0 ? 0x0a : 0x20 + (state % 90);
  }
  return bytes;
}

/** Counted one byte at a time: the definition, independent of both implementations. */
function referenceCount(bytes: Buffer): number {
  let count = 0;
  for (const byte of bytes) if (byte === 0x0a) count++;
  return count;
}

describe('countNewlines', () => {
  it('matches a byte-by-byte count across window boundaries, odd offsets and tails', () => {
    // Prepare: lengths around the 16-byte vectors and the 64 KiB window, sliced at odd offsets
    const source = bytesWithNewlines(300_000, 42);
    const cases = [0, 1, 15, 16, 17, 65_535, 65_536, 65_537, 131_089, 299_990].map((length, index) =>
      source.subarray(index % 5, (index % 5) + length),
    );

    // Act
    const counted = cases.map((bytes) => countNewlines(bytes));

    // Assess
    expect(counted).toEqual(cases.map(referenceCount));
    expect(counted.at(-1)).toBeGreaterThan(0);
  });

  it('counts a buffer of only newlines and one without any', () => {
    // Prepare
    const allNewlines = Buffer.alloc(70_001, 0x0a);
    const noNewline = Buffer.alloc(70_001, 0x41);

    // Act
    const counts = [countNewlines(allNewlines), countNewlines(noNewline)];

    // Assess
    expect(counts).toEqual([70_001, 0]);
  });

  it('agrees with the portable indexOf version', () => {
    // Prepare
    const bytes = bytesWithNewlines(200_003, 7);

    // Act
    const fast = countNewlines(bytes);
    const portable = countNewlinesWithIndexOf(bytes);

    // Assess
    expect(fast).toBe(portable);
    expect(fast).toBe(referenceCount(bytes));
  });
});
