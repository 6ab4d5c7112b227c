import type { CaseResult } from '../runner/result.js';
import { percent, summarise, tally } from './summary.js';
import { checkTargets } from './targets.js';

/** The per-category table and the targets, as plain text for a terminal. */
export function renderTable(results: readonly CaseResult[]): string {
  const rows: string[][] = [
    ['category', 'passed', 'eligible', 'share', 'failed', 'error', 'not comparable', 'needs service', 'unsupported'],
  ];
  for (const s of summarise(results)) {
    rows.push([
      s.category,
      `${s.passed}`,
      `${s.eligible}`,
      percent(s.passed, s.eligible),
      `${s.byStatus.failed}`,
      `${s.byStatus.error}`,
      `${s.byStatus.not_comparable}`,
      `${s.byStatus.needs_service}`,
      `${s.byStatus.unsupported}`,
    ]);
  }
  const all = tally(results);
  rows.push([
    'all',
    `${all.passed}`,
    `${all.eligible}`,
    percent(all.passed, all.eligible),
    `${all.byStatus.failed}`,
    `${all.byStatus.error}`,
    `${all.byStatus.not_comparable}`,
    `${all.byStatus.needs_service}`,
    `${all.byStatus.unsupported}`,
  ]);
  const out = [align(rows)];
  const outcomes = checkTargets(results);
  if (outcomes.length) {
    const targetRows = [['target', 'passed', 'eligible', 'share', 'needed', 'met']];
    for (const { target, passed, eligible, met } of outcomes) {
      targetRows.push([
        target.name,
        `${passed}`,
        `${eligible}`,
        percent(passed, eligible),
        `>= ${Math.round(target.minimum * 100)} %`,
        met ? 'yes' : 'NO',
      ]);
    }
    out.push('', align(targetRows));
  }
  return out.join('\n');
}

function align(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '),
    )
    .join('\n');
}
