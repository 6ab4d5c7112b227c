import type { Outcome } from './workflow-client.js';

/** A plain-text table: key, size, path of states, status, message, duration. */
export function renderTable(outcomes: Outcome[]): string {
  const rows = outcomes.map((outcome) => [
    outcome.ok ? 'ok' : 'UNEXPECTED',
    outcome.key,
    outcome.size.toLocaleString('en-US'),
    outcome.path.join(' → '),
    outcome.status,
    outcome.message ?? outcome.error ?? '',
    `${outcome.durationMs} ms`,
  ]);
  const header = ['', 'key', 'size (B)', 'path', 'status', 'message', 'duration'];
  const widths = header.map((title, column) => Math.max(width(title), ...rows.map((row) => width(row[column] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => pad(cell, widths[column] ?? 0, column === 2))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// Characters, not UTF-16 units, so keys with non-ASCII letters line up.
const width = (text: string) => [...text].length;
const pad = (text: string, size: number, right: boolean) => {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return right ? fill + text : text + fill;
};
