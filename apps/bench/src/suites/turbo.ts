import { join } from 'node:path';
import type { Suite } from '../context.js';
import { repoRoot, timeProcess } from '../proc.js';
import { row, valueAtMost } from '../report.js';
import { median } from '../stats.js';

/** `turbo run test` (the regular suite) from the repository root: uncached (--force), then cached. */
export const turboSuite: Suite = async ({ log }) => {
  const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
  const args = ['run', 'test', '--output-logs=errors-only'];
  log('turbo run test --force (uncached; takes a minute or two)');
  const uncached = await timeProcess(turbo, [...args, '--force'], process.env, repoRoot);
  log('turbo run test (cached)');
  const cachedRuns: number[] = [];
  for (let run = 0; run < 3; run++) cachedRuns.push(await timeProcess(turbo, args, process.env, repoRoot));
  return [
    { row: row('turbo run test, uncached', uncached / 1000, 's'), target: valueAtMost(60) },
    { row: row('turbo run test, cached', median(cachedRuns) / 1000, 's'), target: valueAtMost(1) },
  ];
};
