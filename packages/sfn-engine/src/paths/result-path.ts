/** ResultPath: where a state's result goes in its input (`null` keeps the input, `$` replaces it). */
import { StatesError } from '../errors.js';
import { pathSegments } from './jsonpath.js';

export function applyResultPath(input: unknown, result: unknown, resultPath: string | null | undefined): unknown {
  if (resultPath === null) return input;
  if (resultPath === undefined || resultPath === '$') return result;
  const segments = pathSegments(resultPath);
  const root = structuredClone(input);
  if (!isObject(root)) throw matchFailure(resultPath, input);
  let node: Record<string, unknown> = root;
  for (const [index, segment] of segments.entries()) {
    if (index === segments.length - 1) {
      node[segment] = result;
      break;
    }
    const child = node[segment];
    if (child === undefined) node[segment] = {};
    else if (!isObject(child)) throw matchFailure(resultPath, input);
    node = node[segment] as Record<string, unknown>;
  }
  return root;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function matchFailure(resultPath: string, input: unknown): StatesError {
  return new StatesError(
    'States.ResultPathMatchFailure',
    `Unable to apply ReferencePath ${resultPath} to input ${JSON.stringify(JSON.stringify(input))}`,
  );
}
