import { findPath } from './jsonpath.js';
import { PyTuple, pyToJsonStr } from './python-json.js';
import type { Transformer } from './snapshot-rules.js';
import { type Dict, isDict } from './walk.js';

const CLOSING = new Set(['ParallelStateSucceeded', 'ParallelStateAborted', 'ParallelStateExited', 'ParallelStateFailed']);

/**
 * Step 6, LocalStack's `SfnNoneRecursiveParallelTransformer`, ported as written: in every
 * `$..events` list, the events after a `ParallelStateStarted` get `id` `(0,)` and `previousEventId`
 * 0 and, at the next closing Parallel event, are put back sorted by their JSON text. It is not
 * aware of nesting: an inner `ParallelStateStarted` restarts the block, and the outer closing
 * event then writes the inner block over everything up to it. The recordings were made through
 * exactly this (see test_parallel_state_nested), so it is kept.
 */
export const parallelEventsSorted: Transformer = (state) => {
  for (const match of findPath(state, '$..events')) {
    if (Array.isArray(match.value)) normaliseEvents(match.value);
  }
};

function normaliseEvents(events: unknown[]): void {
  let start: number | undefined;
  let block: Dict[] = [];
  let inBlock = false;
  // Python's enumerate() over a list that the slice assignment below resizes: the index goes on.
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (!isDict(event)) continue;
    const type = event.type;
    if (type === undefined || type === null) {
      inBlock = false;
    } else if (typeof type === 'string' && CLOSING.has(type)) {
      const sorted = [...block].sort((a, b) => compareStrings(pyToJsonStr(a), pyToJsonStr(b)));
      assignSlice(events, start ?? 0, index, sorted);
      inBlock = false;
    } else if (type === 'ParallelStateStarted') {
      inBlock = true;
      block = [];
      start = index + 1;
    } else if (inBlock) {
      event.id = new PyTuple([0]);
      event.previousEventId = 0;
      block.push(event);
    }
  }
}

/** Python's `list[start:stop] = items` (a stop before the start inserts at the start). */
function assignSlice(list: unknown[], start: number, stop: number, items: readonly unknown[]): void {
  const from = Math.min(start, list.length);
  const count = Math.max(0, Math.min(stop, list.length) - from);
  list.splice(from, count, ...items);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
