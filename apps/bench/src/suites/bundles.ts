import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Suite } from '../context.js';
import { packageDir } from '../proc.js';
import { row, valueAtMost, type Figure } from '../report.js';
import { HANDLER_PACKAGES } from './cold-start.js';

/** KB here is 1,000 bytes: the stricter reading of the targets. */
const LIMITS_KB: Record<string, number> = {
  '@sizegate/check-size': 450,
  '@sizegate/start-execution': 450,
  '@sizegate/process-file': 650,
};

/** Bytes of every JavaScript file under `dir` (the entry and its lazily loaded chunks). */
function javascriptBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += javascriptBytes(path);
    else if (/\.m?js$/.test(entry.name)) total += statSync(path).size;
  }
  return total;
}

/**
 * The pre-built Lambda bundles (minified, AWS SDK included): all the JavaScript deployed, and
 * the part a cold start loads first (index.mjs; its static chunks are in the total only).
 */
export const bundlesSuite: Suite = async () => {
  const figures: Figure[] = [];
  for (const name of HANDLER_PACKAGES) {
    const dir = join(packageDir(name), 'dist', 'bundle');
    const short = name.replace('@sizegate/', '');
    figures.push({
      row: row(`bundle size: ${short} (all files)`, javascriptBytes(dir) / 1000, 'KB'),
      target: valueAtMost(LIMITS_KB[name] ?? 0),
    });
    figures.push({ row: row(`bundle size: ${short} index.mjs`, statSync(join(dir, 'index.mjs')).size / 1000, 'KB') });
  }
  return figures;
};
