import { join } from 'node:path';
import type { Suite } from '../context.js';
import { packageDir, timeProcess } from '../proc.js';
import { ratioAtMost, row, type Figure } from '../report.js';
import { median, paired } from '../stats.js';

export const HANDLER_PACKAGES = ['@sizegate/check-size', '@sizegate/start-execution', '@sizegate/process-file'] as const;

/** What each bundle needs at cold start (its bundle-entry reads the configuration at top level). */
const COLD_START_ENV = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  SIZEGATE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:sizegate',
};

/** `node` importing each pre-built handler bundle (what a Lambda cold start loads) against `node -e 0`. */
export const coldStartSuite: Suite = async ({ quick, log }) => {
  const figures: Figure[] = [];
  const runs = quick ? 3 : 11;
  for (const name of HANDLER_PACKAGES) {
    const bundle = join(packageDir(name), 'dist', 'bundle', 'index.mjs');
    log(`cold start ${name}: ${runs} paired runs`);
    const { a: importMs, b: nodeMs } = await paired(
      runs,
      () => timeProcess(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(bundle)})`], COLD_START_ENV),
      () => timeProcess(process.execPath, ['-e', '0'], COLD_START_ENV),
    );
    figures.push({
      row: row(`cold start: import ${name.replace('@sizegate/', '')} bundle`, median(importMs), 'ms', {
        name: 'node -e 0',
        value: median(nodeMs),
      }),
      target: ratioAtMost(1.8),
    });
  }
  return figures;
};
