import { PyTuple } from './python-json.js';

/**
 * The walks of localstack-snapshot, with their exact reach: they descend into objects, and into
 * arrays only one level, for the objects directly in them (a string in an array, or an array in
 * an array, is never visited). Keeping that reach is what makes the output match the recordings.
 */

export type Dict = Record<string, unknown>;

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof PyTuple);
}

/**
 * `SnapshotSession._order_dict`: keys sorted (by code point), recursively through objects and the
 * objects in arrays, with `ResponseMetadata` moved last. Run before anything else, so placeholders
 * are numbered in this order.
 */
export function orderDict(value: unknown): unknown {
  if (!isDict(value)) return value;
  const ordered: Dict = {};
  for (const key of Object.keys(value).sort(compareCodePoints)) {
    const item = value[key];
    ordered[key] = isDict(item) ? orderDict(item) : Array.isArray(item) ? item.map((entry) => orderDict(entry)) : item;
  }
  if ('ResponseMetadata' in ordered) {
    const metadata = ordered.ResponseMetadata;
    delete ordered.ResponseMetadata;
    ordered.ResponseMetadata = metadata;
  }
  return ordered;
}

export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Step 2, `_transform_dict_to_parseable_values`: a string that is the value of an object key and
 * starts with `{` becomes its JSON-decoded value when it parses. Children are visited first, and
 * a decoded value is not visited again (strings inside it stay strings).
 */
export function decodeJsonStrings(dict: Dict): void {
  for (const [key, value] of Object.entries(dict)) {
    if (Array.isArray(value)) for (const item of value) if (isDict(item)) decodeJsonStrings(item);
    if (isDict(value)) decodeJsonStrings(value);
    if (typeof value === 'string' && value.startsWith('{')) {
      try {
        dict[key] = JSON.parse(value) as unknown;
      } catch {
        // Not JSON: stays a string, as in the snapshot tool.
      }
    }
  }
}

/**
 * `KeyValueBasedTransformer`'s walk: `visit(dict, key, value)` for every key of every reachable object.
 * A visit that returns true stops the descent into that value.
 */
export function walkKeyValues(dict: Dict, visit: (dict: Dict, key: string, value: unknown) => boolean): void {
  for (const key of Object.keys(dict)) {
    const value = dict[key];
    if (visit(dict, key, value)) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isDict(item)) walkKeyValues(item, visit);
    } else if (isDict(value)) walkKeyValues(value, visit);
  }
}

/**
 * `KeyValueBasedTransformer`: where `match(key, value)` finds something (anything but undefined,
 * Python's None), that is either given a numbered placeholder everywhere (`onReference`) or
 * replaced in place: inside a string value, or the whole value otherwise.
 */
export function keyValueTransform(
  root: Dict,
  match: (key: string, value: unknown) => unknown,
  replacement: string,
  onReference: ((found: unknown, replacement: string) => void) | undefined,
): void {
  walkKeyValues(root, (dict, key, value) => {
    const found = match(key, value);
    if (found === undefined) return false;
    if (onReference) onReference(found, replacement);
    else dict[key] = typeof value === 'string' && typeof found === 'string' ? value.replaceAll(found, replacement) : replacement;
    return true;
  });
}
