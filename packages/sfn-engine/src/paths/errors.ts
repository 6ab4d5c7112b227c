/** AWS's texts for paths that do not resolve (README "Seen in the corpus"). */
import { StatesError } from '../errors.js';
import type { PathResult } from './jsonpath.js';

type Missing = Extract<PathResult, { found: false }>;

/** InputPath, OutputPath, ItemsPath, TimeoutSecondsPath, HeartbeatSecondsPath... */
export function invalidPath(path: string, missing: Missing): StatesError {
  const detail = missing.lastSegment ? `No results for path: ${missing.missingAt}` : `Missing property in path ${missing.missingAt}`;
  return new StatesError('States.Runtime', `Invalid path '${path}' : ${detail}`);
}

/** Parameters/ItemSelector/ResultSelector `key.$` values, ErrorPath and CausePath. */
export function pathNotFoundInInput(path: string, field: string, input: unknown): StatesError {
  return new StatesError(
    'States.Runtime',
    `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(input)}'`,
  );
}
