/**
 * JSONPath as Step Functions uses it, on jsonpath-plus (safe evaluation, no `eval`): definite paths
 * give one value or "not found"; paths with wildcards, slices, filters or deep scans give an array.
 */
import { JSONPath } from 'jsonpath-plus';

export type PathResult =
  | { readonly found: true; readonly value: unknown }
  /** `missingAt` is the normalised path up to the first segment that did not resolve. */
  | { readonly found: false; readonly missingAt: string; readonly lastSegment: boolean };

const INDEFINITE = /^(\*|\.\.|\?\(|\(|.*:.*|.*,.*)/;

/** Splits a path into its segments with jsonpath-plus's own tokenizer (`$.a['b'][0]` → a, b, 0). */
export function pathSegments(path: string): string[] {
  const segments = [...JSONPath.toPathArray(path)];
  if (segments[0] === '$') segments.shift();
  return segments;
}

/** True when the path can only ever select one node (no wildcard, slice, filter, union or `..`). */
export function isDefinitePath(path: string): boolean {
  return pathSegments(path).every((segment) => !INDEFINITE.test(segment));
}

/** AWS's normalised form used in error texts: `$['a']['b']`, array indexes as `[0]`. */
export function normalisedPath(segments: readonly string[]): string {
  return `$${segments.map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `['${segment}']`)).join('')}`;
}

/** Evaluates `path` (starting at `$`) against `data`. */
export function queryPath(path: string, data: unknown): PathResult {
  if (path === '$') return { found: true, value: data };
  if (!isDefinitePath(path)) {
    const matches = JSONPath({ path, json: data as object, wrap: true, eval: 'safe', resultType: 'value' }) as unknown[] | undefined;
    return { found: true, value: matches ?? [] };
  }
  const segments = pathSegments(path);
  let node: unknown = data;
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index] as string;
    const next = childOf(node, segment);
    if (!next.found) {
      return { found: false, missingAt: normalisedPath(segments.slice(0, index + 1)), lastSegment: index === segments.length - 1 };
    }
    node = next.value;
  }
  return { found: true, value: node };
}

function childOf(node: unknown, segment: string): { found: boolean; value?: unknown } {
  if (Array.isArray(node)) {
    if (!/^-?\d+$/.test(segment)) return { found: false };
    const index = Number(segment) < 0 ? node.length + Number(segment) : Number(segment);
    return index >= 0 && index < node.length ? { found: true, value: node[index] } : { found: false };
  }
  if (node !== null && typeof node === 'object' && Object.hasOwn(node, segment)) {
    return { found: true, value: (node as Record<string, unknown>)[segment] };
  }
  return { found: false };
}
