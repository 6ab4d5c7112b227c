import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One figure of the results file: `baseline`/`baselineValue`/`ratio` are null when the row has no baseline. */
export interface Row {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: string | null;
  readonly baselineValue: number | null;
  /** value / baselineValue, both measured in the same run. */
  readonly ratio: number | null;
}

/** What a row is held against; printed next to it, not written to the JSON. */
export interface Target {
  /** e.g. 'ratio <= 1.2' */
  readonly text: string;
  readonly met: (row: Row) => boolean;
}

export interface Figure {
  readonly row: Row;
  readonly target?: Target | undefined;
}

export function row(name: string, value: number, unit: string, baseline?: { name: string; value: number }): Row {
  if (baseline === undefined) return { name, value: round(value), unit, baseline: null, baselineValue: null, ratio: null };
  const ratio = baseline.value === 0 ? null : value / baseline.value;
  return {
    name,
    value: round(value),
    unit,
    baseline: baseline.name,
    baselineValue: round(baseline.value),
    ratio: ratio === null ? null : round(ratio, 3),
  };
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export const ratioAtMost = (limit: number): Target => ({ text: `ratio <= ${limit}`, met: (r) => r.ratio !== null && r.ratio <= limit });
export const ratioAtLeast = (limit: number): Target => ({ text: `ratio >= ${limit}`, met: (r) => r.ratio !== null && r.ratio >= limit });
export const valueAtMost = (limit: number): Target => ({ text: `<= ${limit}`, met: (r) => r.value <= limit });

/** The table printed at the end of a run. */
export function formatTable(figures: readonly Figure[]): string {
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', ''];
  const lines = figures.map(({ row: r, target }) => [
    r.name,
    `${formatNumber(r.value)} ${r.unit}`,
    r.baseline === null ? '-' : `${formatNumber(r.baselineValue ?? 0)} ${r.unit} (${r.baseline})`,
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
    target?.text ?? '',
    target === undefined ? '' : target.met(r) ? 'ok' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}

function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function writeResults(path: string, rows: readonly Row[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(rows, null, 2)}\n`);
}
