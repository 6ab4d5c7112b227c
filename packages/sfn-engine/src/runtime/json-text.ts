/**
 * JSON texts as AWS writes them in the history: values parsed from the execution input keep the
 * text they were sent as (AWS passes untouched values through verbatim, spacing included); every
 * value the engine builds is written compactly.
 */
const rawTexts = new WeakMap<object, string>();

/** Parses execution input, remembering the original text of the whole value. */
export function parseWithText(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (value !== null && typeof value === 'object') rawTexts.set(value, text);
  return value;
}

export function toJsonText(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const raw = rawTexts.get(value);
  if (raw !== undefined) return raw;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  const members: string[] = [];
  for (const [key, item] of Object.entries(value)) if (item !== undefined) members.push(`${JSON.stringify(key)}:${toJsonText(item)}`);
  return `{${members.join(',')}}`;
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A value placed inside a new document loses its original text (AWS re-serialises it). */
export function detachText<T>(value: T): T {
  return value !== null && typeof value === 'object' && rawTexts.has(value) ? structuredClone(value) : value;
}
