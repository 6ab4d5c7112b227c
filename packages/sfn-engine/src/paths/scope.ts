/**
 * Where a JSONPath reads from: `$...` the data at hand, `$$...` the context object, `$name...` a
 * workflow variable (ASL variables in JSONPath states).
 */
import { StatesError } from '../errors.js';
import { queryPath, type PathResult } from './jsonpath.js';

export interface PathScope {
  readonly input: unknown;
  readonly context: unknown;
  readonly variables: Readonly<Record<string, unknown>>;
}

const VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$/s;

/** Splits `$name.rest` into the variable name and the path on it (`$.rest`); undefined for `$`/`$$` paths. */
export function variableReference(path: string): { name: string; path: string } | undefined {
  const match = VARIABLE.exec(path);
  if (match === null) return undefined;
  return { name: match[1] as string, path: `$${match[2] ?? ''}` };
}

/** Resolves any path of the three kinds; an unknown variable is a States.Runtime error. */
export function resolveIn(scope: PathScope, path: string): PathResult {
  if (path.startsWith('$$')) return queryPath(path.slice(1), scope.context);
  const variable = variableReference(path);
  if (variable !== undefined) {
    if (!Object.hasOwn(scope.variables, variable.name)) {
      throw new StatesError('States.Runtime', `The variable '$${variable.name}' is not defined.`);
    }
    return queryPath(variable.path, scope.variables[variable.name]);
  }
  return queryPath(path, scope.input);
}

/** True for a string that is a path in any of the three forms. */
export function isPath(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('$');
}
