import { JSONPath } from 'jsonpath-plus';
import type { Dict } from './walk.js';

interface Match {
  readonly value: unknown;
  readonly parent: Record<string, unknown> | unknown[];
  readonly parentProperty: string | number;
}

/** Every match of a JSONPath (`$..a.b`, `$..a..b`) in document order, as jsonpath_ng finds them. */
export function findPath(root: Dict, path: string): Match[] {
  const matches = JSONPath({ path, json: root, resultType: 'all', eval: false, wrap: true }) as Match[] | undefined;
  return (matches ?? []).filter((match) => match.parent !== null && match.parent !== undefined);
}

/** jsonpath_ng's `update`: the value at every match is replaced. */
export function updatePath(root: Dict, path: string, replacement: unknown): void {
  for (const match of findPath(root, path)) {
    (match.parent as Record<string | number, unknown>)[match.parentProperty] = replacement;
  }
}
