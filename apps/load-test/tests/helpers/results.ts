import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** apps/load-test/results (gitignored). */
export const RESULTS_DIR = fileURLToPath(new URL('../../results/', import.meta.url));
export const RESULTS_FILE = `${RESULTS_DIR}latest.json`;

/**
 * Writes one suite's figures into results/latest.json under `section`, keeping the other suites'
 * sections (the files run one after the other, never at the same time).
 */
export function recordResults(section: string, figures: Record<string, unknown>): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    // first run, or an unreadable file: start over
  }
  current[section] = { measuredAt: new Date().toISOString(), ...figures };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(current, null, 2)}\n`);
}
