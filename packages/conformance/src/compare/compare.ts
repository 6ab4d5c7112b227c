import { isDict } from '../normalise/walk.js';
import { compareJsonTextCauses } from './json-text-causes.js';
import { canonicalJson, isLambdaErrorDocument, lambdaErrorDocumentOf } from './lambda-cause.js';

export interface Difference {
  /** JSON path inside the recorded key's value (`$.events[3].type`). */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
  /** Why these differ when the values alone do not say (a missing key, a length, the relaxed cause). */
  readonly note?: string;
}

export interface CompareOptions {
  /** The case normalised Parallel blocks (`parallel_events_sorted`): compare their events as a multiset. */
  readonly parallelBlocksAsMultisets?: boolean;
  /**
   * In a history, compare each run of consecutive events of one type as a multiset: AWS writes
   * simultaneous events of sibling iterations (four TaskTimedOut of one Map at once) in the order
   * of a race. Ids stay positional; only which event holds which place is free.
   */
  readonly sameTypeRunsAsMultisets?: boolean;
}

/** Marks an absent key in a difference (distinct from a `null` value). */
export const ABSENT = '<absent>';

/**
 * Deep equality, ignoring key order and nothing else, with one relaxation: a Lambda error
 * document in a `cause` is compared on `errorType` and `errorMessage` only (Node's document has
 * `trace`, Python's `requestId` and `stackTrace`). Returns the first difference in document order.
 */
export function firstDifference(expected: unknown, actual: unknown, options: CompareOptions = {}): Difference | undefined {
  return compareAt('$', undefined, expected, actual, options);
}

function compareAt(
  path: string,
  key: string | undefined,
  expected: unknown,
  actual: unknown,
  options: CompareOptions,
): Difference | undefined {
  if (key !== undefined && key.toLowerCase() === 'cause' && isLambdaErrorDocument(expected)) return compareCause(path, expected, actual);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, expected, actual };
    const grouped = key === 'events' && options.parallelBlocksAsMultisets;
    const runs = key === 'events' && options.sameTypeRunsAsMultisets;
    const canonical = (events: readonly unknown[]) => {
      const blocks = grouped ? sortParallelBlocks(events) : [...events];
      return runs ? sortSameTypeRuns(blocks) : blocks;
    };
    return compareArrays(path, canonical(expected), canonical(actual), options, grouped);
  }
  if (isDict(expected)) {
    if (!isDict(actual)) return { path, expected, actual };
    for (const [name, value] of Object.entries(expected)) {
      const childPath = `${path}${pathSegment(name)}`;
      if (!(name in actual)) return { path: childPath, expected: value, actual: ABSENT, note: 'key missing' };
      const difference = compareAt(childPath, name, value, actual[name], options);
      if (difference) return difference;
    }
    for (const [name, value] of Object.entries(actual)) {
      if (!(name in expected)) return { path: `${path}${pathSegment(name)}`, expected: ABSENT, actual: value, note: 'unexpected key' };
    }
    return undefined;
  }
  if (Object.is(expected, actual) || (expected === 0 && actual === 0)) return undefined;
  // A JSON text the snapshot tool left encoded (an array output) may hold Lambda causes too.
  if (typeof expected === 'string' && typeof actual === 'string') {
    const relaxed = compareJsonTextCauses(expected, actual, (a, b) => firstDifference(a, b, options));
    if (relaxed === 'equal') return undefined;
    if (relaxed) return { ...relaxed, path: `${path}${relaxed.path.slice(1)}`, note: relaxed.note ?? 'compared as JSON text' };
  }
  return { path, expected, actual };
}

function compareArrays(
  path: string,
  expected: readonly unknown[],
  actual: readonly unknown[],
  options: CompareOptions,
  grouped: boolean | undefined,
): Difference | undefined {
  const note = grouped ? 'the events of a Parallel block are compared as a multiset' : undefined;
  for (let index = 0; index < Math.min(expected.length, actual.length); index++) {
    const difference = compareAt(`${path}[${index}]`, undefined, expected[index], actual[index], options);
    if (difference) return note && !difference.note ? { ...difference, note } : difference;
  }
  if (expected.length === actual.length) return undefined;
  const index = Math.min(expected.length, actual.length);
  return {
    path: `${path}[${index}]`,
    expected: index < expected.length ? expected[index] : ABSENT,
    actual: index < actual.length ? actual[index] : ABSENT,
    note: `${expected.length} items expected, ${actual.length} found`,
  };
}

function compareCause(path: string, expected: unknown, actual: unknown): Difference | undefined {
  const want = lambdaErrorDocumentOf(expected);
  const got = lambdaErrorDocumentOf(actual);
  const note = 'a Lambda error document is compared on errorType and errorMessage only';
  if (!want) return { path, expected, actual, note };
  if (!got) return { path, expected, actual, note: `${note}; the actual cause is not one` };
  if (want.errorType !== got.errorType) return { path: `${path}.errorType`, expected: want.errorType, actual: got.errorType, note };
  if (want.errorMessage !== got.errorMessage)
    return { path: `${path}.errorMessage`, expected: want.errorMessage, actual: got.errorMessage, note };
  return undefined;
}

/** Runs of consecutive events with the normalised block id `[0]` are put in a canonical order (on both sides). */
function sortParallelBlocks(events: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  let run: unknown[] = [];
  const flush = (): void => {
    out.push(...run.sort((a, b) => compareText(canonicalJson(a), canonicalJson(b))));
    run = [];
  };
  for (const event of events) {
    if (isDict(event) && Array.isArray(event.id) && event.id.length === 1 && event.id[0] === 0) run.push(event);
    else {
      flush();
      out.push(event);
    }
  }
  flush();
  return out;
}

/**
 * Runs of two or more consecutive events of one type, each put in a canonical order (by their
 * JSON without the id); the ids stay where they were.
 */
function sortSameTypeRuns(events: readonly unknown[]): unknown[] {
  const out = [...events];
  const typeOf = (event: unknown) => (isDict(event) ? event.type : undefined);
  for (let start = 0; start < out.length; ) {
    let end = start + 1;
    while (end < out.length && typeOf(out[end]) !== undefined && typeOf(out[end]) === typeOf(out[start])) end++;
    if (end - start > 1 && typeof typeOf(out[start]) === 'string') {
      const run = out.slice(start, end) as Record<string, unknown>[];
      const ids = run.map((event) => event.id);
      const sorted = [...run].sort((a, b) => compareText(canonicalJson({ ...a, id: 0 }), canonicalJson({ ...b, id: 0 })));
      sorted.forEach((event, index) => {
        out[start + index] = { ...event, id: ids[index] };
      });
    }
    start = end;
  }
  return out;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pathSegment(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
