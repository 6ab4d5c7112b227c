/**
 * The snapshot tool is Python: it serialises the whole response with `json.dumps(value,
 * default=str)` and runs its text replacements over that text. Regexes in the corpus were written
 * against that text (`": "` after a key, `\uXXXX` for every non-ASCII character), so the runner
 * produces the same text before it applies them.
 */

/** A Python `tuple` in a value (the parallel transformer sets event ids to `(0,)`); serialised as a list. */
export class PyTuple {
  constructor(readonly items: readonly unknown[]) {}
}

/** `json.dumps(value, default=str)` with Python's defaults: `", "`, `": "` and `ensure_ascii=True`. */
export function pyJsonDumps(value: unknown, separators: readonly [string, string] = [', ', ': ']): string {
  return dump(value, separators, (other) => pyJsonDumps(pyStr(other), separators));
}

/** The text LocalStack's `to_json_str` gives: datetimes as `isoformat()`, compact separators by default of the caller. */
export function pyToJsonStr(value: unknown): string {
  const separators: readonly [string, string] = [', ', ': '];
  return dump(value, separators, (other) => (other instanceof Date ? pyJsonString(pyIsoformat(other)) : pyJsonString(pyStr(other))));
}

function dump(value: unknown, separators: readonly [string, string], fallback: (value: unknown) => string): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyJsonString(value);
  if (value instanceof PyTuple) return dumpList(value.items, separators, fallback);
  if (Array.isArray(value)) return dumpList(value, separators, fallback);
  if (value instanceof Date) return fallback(value);
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>).map(
      ([key, item]) => `${pyJsonString(key)}${separators[1]}${dump(item, separators, fallback)}`,
    );
    return `{${parts.join(separators[0])}}`;
  }
  return fallback(value);
}

function dumpList(items: readonly unknown[], separators: readonly [string, string], fallback: (value: unknown) => string): string {
  return `[${items.map((item) => dump(item, separators, fallback)).join(separators[0])}]`;
}

function pyNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A JSON string literal as Python writes it: every character outside printable ASCII as `\uXXXX` (lower-case hex). */
export function pyJsonString(text: string): string {
  let out = '"';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    const escaped = ESCAPES[char];
    if (escaped !== undefined) out += escaped;
    else {
      const code = char.charCodeAt(0);
      out += code < 0x20 || code > 0x7e ? `\\u${code.toString(16).padStart(4, '0')}` : char;
    }
  }
  return `${out}"`;
}

/** `datetime.isoformat()` of a UTC datetime: microseconds only when not zero, `+00:00`. */
export function pyIsoformat(date: Date): string {
  const iso = date.toISOString(); // 2024-01-02T03:04:05.678Z
  const millis = iso.slice(20, 23);
  const fraction = millis === '000' ? '' : `.${millis}000`;
  return `${iso.slice(0, 19)}${fraction}+00:00`;
}

/** Python's `str()` of the values a response can hold. */
export function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value instanceof Date) return pyIsoformat(value).replace('T', ' ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return pyNumber(value);
  return pyJsonDumps(value);
}
