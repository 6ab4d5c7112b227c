// `pnpm bench`: runs every suite, prints the table and writes apps/bench/results/latest.json.
// Options: --quick (fewer runs, no 4 GiB object), --only a,b (suite names), --skip a,b.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createProgress } from '@sizegate/local/progress';
import { s3Client } from './clients.js';
import type { BenchContext, Suite } from './context.js';
import { benchDist, startServe } from './proc.js';
import { formatTable, writeResults, type Figure } from './report.js';
import { since } from './stats.js';
import { bundlesSuite } from './suites/bundles.js';
import { checkSizeSuite } from './suites/check-size.js';
import { coldStartSuite } from './suites/cold-start.js';
import { digestSuite } from './suites/digest.js';
import { endToEndSuite } from './suites/end-to-end.js';
import { processFileSuite } from './suites/process-file.js';
import { serveSuite } from './suites/serve.js';
import { turboSuite } from './suites/turbo.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    skip: { type: 'string' },
    out: { type: 'string' },
  },
});

// In this order: the quiet, process-spawning suites first; turbo last (it rebuilds everything).
const SUITES: Record<string, Suite> = {
  bundles: bundlesSuite,
  'cold-start': coldStartSuite,
  serve: serveSuite,
  'check-size': checkSizeSuite,
  'end-to-end': endToEndSuite,
  executions: async (context) => (await import('./suites/executions.js')).executionsSuite(context),
  digest: digestSuite,
  'process-file': processFileSuite,
  turbo: turboSuite,
};
/** Suites that need the shared `sizegate-local serve` process. */
const NEEDS_SERVE = new Set(['check-size', 'end-to-end', 'executions', 'process-file']);

const list = (value: string | undefined) =>
  new Set(
    (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
const only = list(values.only);
const skip = list(values.skip);
for (const name of [...only, ...skip])
  if (!(name in SUITES)) throw new Error(`unknown suite "${name}"; suites: ${Object.keys(SUITES).join(', ')}`);
const selected = Object.keys(SUITES).filter((name) => (only.size === 0 || only.has(name)) && !skip.has(name));

const started = performance.now();
// On a terminal, the suite running now stays on one line under the log; elsewhere, plain lines.
const progress = createProgress();
const log = (message: string) => progress.log(`[bench ${(since(started) / 1000).toFixed(0).padStart(4)}s] ${message}`);
const dataDir = mkdtempSync(join(tmpdir(), 'sizegate-bench-'));
const dataBucket = 'sizegate-bench-data';
const serve = selected.some((name) => NEEDS_SERVE.has(name))
  ? await startServe(['--data-dir', dataDir, '--output-bucket', dataBucket])
  : undefined;
const figures: Figure[] = [];
try {
  for (const [index, name] of selected.entries()) {
    const suite = SUITES[name] as Suite;
    progress.update(`[bench] suite ${index + 1}/${selected.length}: ${name}`);
    const s3 = s3Client(serve?.endpoint ?? 'http://127.0.0.1:1', { requestChecksumCalculation: 'WHEN_REQUIRED' });
    const context: BenchContext = { serve: serve as NonNullable<typeof serve>, s3, dataBucket, quick: values.quick, log };
    try {
      figures.push(...(await suite(context)));
    } catch (error) {
      log(`suite ${name} failed: ${(error as Error).stack ?? String(error)}`);
      process.exitCode = 1;
    } finally {
      s3.destroy();
    }
  }
} finally {
  progress.done();
  await serve?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const out = values.out ?? join(benchDist, '..', 'results', 'latest.json');
writeResults(
  out,
  figures.map((figure) => figure.row),
);
process.stdout.write(`\n${formatTable(figures)}\n\n`);
log(`done in ${(since(started) / 1000).toFixed(0)} s; results in ${out}`);
