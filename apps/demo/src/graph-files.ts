import { DescribeStateMachineForExecutionCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Outcome } from './workflow-client.js';

/** `samples/report 2024+final ü.csv` → `report-2024-final-ü.csv.svg`: one flat, shell-friendly name per sample. */
export function graphFileName(key: string): string {
  const name = basename(key).replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '');
  return `${name || 'object'}.svg`;
}

/**
 * Draws the workflow with the path this execution took (states entered, the Choice edge taken,
 * a failed state) into DIR/<sample>.svg, from the history the demo already read. The definition
 * is the one the execution ran (DescribeStateMachineForExecution).
 */
export async function writeGraph(sfn: SFNClient, dir: string, outcome: Outcome, events: readonly HistoryEvent[]): Promise<string> {
  // Loaded on first use: a demo without --graph never loads the layout engine.
  const { pathFromHistory, toSvg } = await import('@sizegate/graph');
  const { definition } = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: outcome.executionArn }));
  if (definition === undefined) throw new Error(`No definition for ${outcome.executionArn}`);
  const svg = await toSvg(definition, { path: pathFromHistory(events), title: `${outcome.key} (${outcome.size} bytes) — ${outcome.status}` });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, graphFileName(outcome.key));
  writeFileSync(file, svg);
  return file;
}
