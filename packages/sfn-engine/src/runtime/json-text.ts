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

/** The JSON text of a value: its original text when it is an untouched document, else compact JSON. */
export function toJsonText(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const raw = rawTexts.get(value);
    if (raw !== undefined) return raw;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Parallel's output as AWS writes it: the branches' output texts joined into an array, so a branch
 * that passed a document through keeps its text (recorded: `[[[[1, 2, 3], [4, 5, 6]]]]`).
 */
export function joinTexts(values: unknown[]): unknown[] {
  rawTexts.set(values, `[${values.map(toJsonText).join(',')}]`);
  return values;
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A value placed inside a new document loses its original text (AWS re-serialises it). */
export function detachText<T>(value: T): T {
  return value !== null && typeof value === 'object' && rawTexts.has(value) ? structuredClone(value) : value;
}
