import { readFileSync } from 'node:fs';
import type { HistoryEventLike } from '../../src/index.js';

export interface RecordedCase {
  readonly title: string;
  readonly definition: object;
  readonly events: readonly HistoryEventLike[];
}

/** Histories recorded against real AWS (copied from packages/local's conformance fixtures). */
export function awsCase(name: string): RecordedCase {
  const file = JSON.parse(readFileSync(new URL('../fixtures/aws-recorded.json', import.meta.url), 'utf8')) as {
    cases: Record<string, RecordedCase>;
  };
  const found = file.cases[name];
  if (found === undefined) throw new Error(`No AWS-recorded case ${name}`);
  return found;
}

/**
 * sizegate histories recorded from the local runtime by
 * packages/local/scripts/record-graph-histories.mjs (rerun it to refresh; it writes the same file).
 */
export function sizegateCase(name: string): RecordedCase {
  const file = JSON.parse(readFileSync(new URL('../fixtures/sizegate-histories.json', import.meta.url), 'utf8')) as {
    cases: Record<string, RecordedCase>;
  };
  const found = file.cases[name];
  if (found === undefined) throw new Error(`No recorded sizegate case ${name}`);
  return found;
}
