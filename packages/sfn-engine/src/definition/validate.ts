/**
 * Checks a definition before it runs and throws one InvalidDefinition listing every problem
 * (state and field named by a JSON pointer), with AWS's texts where the corpus records them.
 */
import type { QueryLanguage, StateMachineDefinition } from './types.js';
import { InvalidDefinition, type Diagnostic, type Problems } from './definition-error.js';
import { checkState } from './validate-state.js';

const TOP_LEVEL = ['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage'];

export function parseDefinition(definition: string | object): unknown {
  if (typeof definition !== 'string') return definition;
  if (definition.trim() === '')
    throw new InvalidDefinition([{ code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' }]);
  try {
    return JSON.parse(definition);
  } catch (error) {
    throw new InvalidDefinition([{ code: 'INVALID_JSON_DESCRIPTION', message: error instanceof Error ? error.message : String(error) }]);
  }
}

export function validateDefinition(definition: string | object): StateMachineDefinition {
  const parsed = parseDefinition(definition);
  const diagnostics: Diagnostic[] = [];
  const problems: Problems = {
    add: (location, message, code = 'SCHEMA_VALIDATION_FAILED') =>
      diagnostics.push({ code, message, location: location === '' ? '/' : location }),
  };
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidDefinition([{ code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' }]);
  }
  const top = parsed as Record<string, unknown>;
  for (const field of Object.keys(top)) if (!TOP_LEVEL.includes(field)) problems.add('', `Field '${field}' is not supported`);
  if (top.QueryLanguage !== undefined && top.QueryLanguage !== 'JSONPath' && top.QueryLanguage !== 'JSONata') {
    problems.add('/QueryLanguage', `QueryLanguage must be 'JSONPath' or 'JSONata' (got ${JSON.stringify(top.QueryLanguage)})`);
  }
  if (top.TimeoutSeconds !== undefined && !(Number.isInteger(top.TimeoutSeconds) && (top.TimeoutSeconds as number) > 0)) {
    problems.add('/TimeoutSeconds', 'TimeoutSeconds must be a positive integer');
  }
  checkBlock(top, '', (top.QueryLanguage as QueryLanguage | undefined) ?? 'JSONPath', problems);
  if (diagnostics.length > 0) throw new InvalidDefinition(diagnostics);
  return parsed as StateMachineDefinition;
}

/** A block of states (top level, Parallel branch, Map processor): StartAt, States, transitions, reachability. */
export function checkBlock(block: Record<string, unknown>, at: string, queryLanguage: QueryLanguage, problems: Problems): void {
  const missing = ['States', 'StartAt'].filter((field) => block[field] === undefined);
  if (missing.length > 0) {
    problems.add(at, `These fields are required: [${missing.join(', ')}]`);
    return;
  }
  const states = block.States;
  if (states === null || typeof states !== 'object' || Array.isArray(states) || Object.keys(states).length === 0) {
    problems.add(`${at}/States`, 'States must be an object with at least one state');
    return;
  }
  const names = new Set(Object.keys(states));
  if (typeof block.StartAt !== 'string' || !names.has(block.StartAt)) {
    problems.add(`${at}/StartAt`, `Missing 'StartAt' target: ${String(block.StartAt)}`, 'MISSING_TRANSITION_TARGET');
    return;
  }
  const blockLanguage = (block.QueryLanguage as QueryLanguage | undefined) ?? queryLanguage;
  for (const [name, state] of Object.entries(states as Record<string, unknown>)) {
    checkState(name, state, `${at}/States/${name}`, blockLanguage, names, problems, checkBlock);
  }
  checkReachable(block.StartAt, states as Record<string, Record<string, unknown>>, at, problems);
}

function checkReachable(startAt: string, states: Record<string, Record<string, unknown>>, at: string, problems: Problems): void {
  const seen = new Set<string>();
  const queue = [startAt];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name) || states[name] === undefined) continue;
    seen.add(name);
    const state = states[name];
    const targets = [
      state.Next,
      state.Default,
      ...((state.Choices as Record<string, unknown>[] | undefined) ?? []).map((rule) => rule?.Next),
      ...((state.Catch as Record<string, unknown>[] | undefined) ?? []).map((c) => c?.Next),
    ];
    for (const target of targets) if (typeof target === 'string') queue.push(target);
  }
  for (const name of Object.keys(states))
    if (!seen.has(name)) problems.add(`${at}/States/${name}`, `State '${name}' is not reachable`, 'UNREACHABLE_STATE');
}
