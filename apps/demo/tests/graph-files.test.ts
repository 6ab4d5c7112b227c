import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphFileName } from '../src/graph-files.js';
import { userSamples } from '../src/samples.js';

describe('graph file names (--graph DIR)', () => {
  it('gives keys that flatten alike (same file name in other folders, `/` vs `-` vs space, case) different files', () => {
    // Prepare
    const keys = ['a/x.txt', 'b/x.txt', 'a-x.txt', 'a x.txt', 'A/x.txt', 'a/X.txt', 'x.txt'];

    // Act
    const names = keys.map(graphFileName);

    // Assess: distinct even when compared as a case-insensitive file system would.
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(keys.length);
  });

  it('keeps the whole key readable, flat and shell-friendly, and is the same name for the same key', () => {
    // Act
    const name = graphFileName('samples/report 2024+final ü.csv');

    // Assess
    expect(name).toMatch(/^samples-report-2024-final-ü\.csv-[0-9a-f]{10}\.svg$/);
    expect(graphFileName('samples/report 2024+final ü.csv')).toBe(name);
    expect(graphFileName('../../etc/passwd')).toMatch(/^etc-passwd-[0-9a-f]{10}\.svg$/);
    expect(graphFileName('///')).toMatch(/^object-[0-9a-f]{10}\.svg$/);
  });

  it('stays under the file system limit for a 1,024-byte key, and still tells two long keys apart', () => {
    // Prepare: the same first 1,000 characters, different ends.
    const long = 'k'.repeat(1000);

    // Act
    const first = graphFileName(`${long}/one`);
    const second = graphFileName(`${long}/two`);

    // Assess
    expect(Buffer.byteLength(first)).toBeLessThanOrEqual(255);
    expect(first).not.toBe(second);
  });
});

describe("the user's own files", () => {
  it('get one key each: same-named files from different folders do not replace each other', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'sizegate-demo-keys-'));
    try {
      for (const folder of ['a', 'b', 'c']) mkdirSync(join(dir, folder));
      for (const path of ['a/x.txt', 'b/x.txt', 'c/x.txt', 'a/README']) writeFileSync(join(dir, path), path);
      writeFileSync(join(dir, 'b/README'), '');

      // Act
      const samples = userSamples(['a/x.txt', 'b/x.txt', 'c/x.txt', 'a/README', 'b/README'].map((path) => join(dir, path)));

      // Assess
      expect(samples.map((sample) => sample.key)).toEqual([
        'uploads/x.txt',
        'uploads/x-2.txt',
        'uploads/x-3.txt',
        'uploads/README',
        'uploads/README-2',
      ]);
      expect(samples.map((sample) => sample.size)).toEqual([7, 7, 7, 8, 0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
