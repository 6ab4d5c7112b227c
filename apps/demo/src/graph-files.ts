import { DescribeStateMachineForExecutionCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Outcome } from './workflow-client.js';

/** Room for the readable part of a name: keys go up to 1,024 bytes, file names to 255. */
const MAX_READABLE = 100;

/**
 * `samples/report 2024+final ü.csv` → `samples-report-2024-final-ü.csv-<10 hex>.svg`: one flat,
 * shell-friendly name per key. The readable part is the whole key flattened, which is lossy
 * (`a/x.txt`, `a-x.txt` and `A x.txt` flatten alike, and a long key is cut), so the name ends with
 * the first 10 hex digits of the key's SHA-256: different keys get different files, also on
 * case-insensitive file systems.
 */
export function graphFileName(key: string): string {
  const readable = key
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, MAX_READABLE);
  const digest = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 10);
  return `${readable || 'object'}-${digest}.svg`;
}

/**
 * Draws the workflow with the path this execution took (states entered, the Choice edge taken,
 * a failed state) into DIR/<name of the key>.svg, from the history the demo already read. The
 * definition is the one the execution ran (DescribeStateMachineForExecution).
 */
export async function writeGraph(sfn: SFNClient, dir: string, outcome: Outcome, events: readonly HistoryEvent[]): Promise<string> {
  // Loaded on first use: a demo without --graph never loads the layout engine.
  const { pathFromHistory, toSvg } = await import('@sizegate/graph');
  const { definition } = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: outcome.executionArn }));
  if (definition === undefined) throw new Error(`No definition for ${outcome.executionArn}`);
  const svg = await toSvg(definition, {
    path: pathFromHistory(events),
    title: `${outcome.key} (${outcome.size} bytes) — ${outcome.status}`,
  });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, graphFileName(outcome.key));
  writeFileSync(file, svg);
  return file;
}
