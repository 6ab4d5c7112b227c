import { statSync } from 'node:fs';
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

/** The size of each pre-built Lambda bundle (minified, AWS SDK included) as published. */
export const bundlesSuite: Suite = async () => {
  const figures: Figure[] = [];
  for (const name of HANDLER_PACKAGES) {
    const bytes = statSync(join(packageDir(name), 'dist', 'bundle', 'index.mjs')).size;
    figures.push({ row: row(`bundle size: ${name.replace('@sizegate/', '')}`, bytes / 1000, 'KB'), target: valueAtMost(LIMITS_KB[name] ?? 0) });
  }
  return figures;
};
