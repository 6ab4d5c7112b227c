/**
 * The operations behind both the `States.*` intrinsics and AWS's JSONata functions (`$partition`,
 * `$range`, `$hash`, `$random`, `$uuid`): one owner for each rule. Argument problems throw
 * ArgumentError; each caller turns it into its own language's error (States.IntrinsicFailure, or a
 * JSONata evaluation error).
 */
import { createHash, randomUUID } from 'node:crypto';
import { JavaRandom } from './java-random.js';

export class ArgumentError extends Error {
  override readonly name = 'ArgumentError';
}

/** AWS's documented limits (intrinsic-functions docs). */
export const LIMITS = {
  /** States.ArrayRange / $range: the generated array holds at most this many items. */
  rangeItems: 1000,
  /** States.Base64Encode/Decode and States.Hash: input of at most this many characters. */
  textCharacters: 10_000,
} as const;

export const HASH_ALGORITHMS = ['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as const;
const NODE_HASH: Record<(typeof HASH_ALGORITHMS)[number], string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** Chunks of `size` items; the last may be shorter. `size` must be a positive integer. */
export function partition(array: readonly unknown[], size: number): unknown[][] {
  if (!Number.isInteger(size) || size <= 0) throw new ArgumentError(`the chunk size must be a positive integer, got ${size}`);
  const chunks: unknown[][] = [];
  for (let start = 0; start < array.length; start += size) chunks.push(array.slice(start, start + size));
  return chunks;
}

/** start, start+step, ... up to and including `end` when a step lands on it. */
export function range(start: number, end: number, step: number): number[] {
  if (step === 0) throw new ArgumentError('the step must not be 0');
  const count = Math.max(0, Math.floor((end - start) / step) + 1);
  if (count > LIMITS.rangeItems) {
    throw new ArgumentError(`the range would hold ${count} items, more than the ${LIMITS.rangeItems} allowed`);
  }
  return Array.from({ length: count }, (_, index) => start + index * step);
}

/** Hex digest of the UTF-8 bytes of `data`. */
export function hash(data: string, algorithm: string): string {
  if (!(HASH_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new ArgumentError(`the algorithm must be one of ${HASH_ALGORITHMS.join(', ')}, got ${JSON.stringify(algorithm)}`);
  }
  checkTextLength(data, 'the data');
  return createHash(NODE_HASH[algorithm as (typeof HASH_ALGORITHMS)[number]])
    .update(data, 'utf8')
    .digest('hex');
}

export function base64Encode(text: string): string {
  checkTextLength(text, 'the string to encode');
  return Buffer.from(text, 'utf8').toString('base64');
}

export function base64Decode(text: string): string {
  checkTextLength(text, 'the string to decode');
  // Buffer.from silently skips bad characters; AWS decodes strict Base64 only.
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    throw new ArgumentError('the value is not a valid Base64 string');
  }
  return Buffer.from(text, 'base64').toString('utf8');
}

function checkTextLength(text: string, what: string): void {
  if (text.length > LIMITS.textCharacters) {
    throw new ArgumentError(`${what} has ${text.length} characters, more than the ${LIMITS.textCharacters} allowed`);
  }
}

/** Splits at every character of `delimiters` and drops empty pieces (Java's StringTokenizer). */
export function stringSplit(text: string, delimiters: string): string[] {
  if (delimiters === '') return text === '' ? [] : [text];
  const pieces: string[] = [];
  let piece = '';
  for (const char of text) {
    if (delimiters.includes(char)) {
      if (piece !== '') pieces.push(piece);
      piece = '';
    } else {
      piece += char;
    }
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/** A random number in [0, 1): seeded → java.util.Random's first nextDouble(), else Math.random(). */
export function randomFraction(seed?: number): number {
  return seed === undefined ? Math.random() : new JavaRandom(seed).nextDouble();
}

/** A random integer in [start, end): seeded → java.util.Random.nextInt, else Math.random(). */
export function randomInteger(start: number, end: number, seed?: number): number {
  const span = end - start;
  if (span <= 0) throw new ArgumentError(`the end (${end}) must be greater than the start (${start})`);
  if (span > 0x7fffffff) throw new ArgumentError(`the range from ${start} to ${end} is too large`);
  return start + (seed === undefined ? Math.floor(Math.random() * span) : new JavaRandom(seed).nextInt(span));
}

export function uuid(): string {
  return randomUUID();
}

/** JSON equality: objects compare by keys regardless of order, arrays by position. */
export function jsonEquals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left)) {
    const other = right as unknown[];
    return left.length === other.length && left.every((item, index) => jsonEquals(item, other[index]));
  }
  const leftKeys = Object.keys(left);
  const rightRecord = right as Record<string, unknown>;
  return (
    leftKeys.length === Object.keys(rightRecord).length &&
    leftKeys.every((key) => Object.hasOwn(rightRecord, key) && jsonEquals((left as Record<string, unknown>)[key], rightRecord[key]))
  );
}

/** The items in first-seen order, each JSON value once. */
export function unique(array: readonly unknown[]): unknown[] {
  const kept: unknown[] = [];
  for (const item of array) if (!kept.some((seen) => jsonEquals(seen, item))) kept.push(item);
  return kept;
}

/**
 * How States.Format prints a value: AWS's interpreter is Java, so an object prints like a Java Map
 * and an array like a Java List, strings unquoted. Recorded: intrinsics
 * test_context_json_path prints `$$.StateMachine` as `{Id=arn:..., Name=...}`.
 */
export function formatValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${key}=${formatValue(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}
