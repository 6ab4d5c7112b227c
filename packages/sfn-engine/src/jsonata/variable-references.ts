/**
 * DescribeStateMachine's `variableReferences`: for one state, the workflow variables its fields
 * read, sorted and each once. AWS lists every state that reads a variable (states inside Map and
 * Parallel too, under their own names) and leaves the key out when none does; the caller walks the
 * states, this reads one.
 *
 * Recorded in corpus/variables.json test_sfn_api_variable_references.py (every case checked in
 * tests/unit/jsonata-variable-references.test.ts).
 */
import { intrinsicVariableReferences, isIntrinsicCall, pathVariableName } from '../intrinsics/index.js';
import { jsonataVariableReferences } from './analysis.js';
import { isJsonataExpression, jsonataExpressionText } from './evaluate.js';

/** Fields that hold other states: their states are listed separately. */
const NESTED_STATES = new Set(['ItemProcessor', 'Iterator', 'Branches']);

/**
 * The variables one state reads. `queryLanguage` is the state's effective language.
 * - JSONata: every `{% %}` string anywhere in the state.
 * - JSONPath: the values of `<key>.$` payload fields (paths and intrinsic calls), of path fields
 *   (`InputPath`, `OutputPath`, `ItemsPath`, `SecondsPath`, `ErrorPath`, `MaxItemsPath`,
 *   `...Path` comparisons of Choice rules, ...) and of Choice `Variable`; not `ResultPath`, which
 *   AWS does not let read a variable. A plain string such as `"bucketName": "$bucket"` is a
 *   constant and reads nothing (recorded: MAP_STATE_REFERENCE_IN_ITEM_SELECTOR has no references).
 */
export function stateVariableReferences(state: Readonly<Record<string, unknown>>, queryLanguage: 'JSONPath' | 'JSONata'): string[] {
  const names = new Set<string>();
  const add = (found: Iterable<string>) => {
    for (const name of found) names.add(name);
  };
  const walk = (value: unknown, key: string | undefined): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, undefined);
    } else if (value !== null && typeof value === 'object') {
      for (const [childKey, child] of Object.entries(value)) if (!NESTED_STATES.has(childKey)) walk(child, childKey);
    } else if (typeof value === 'string') {
      if (queryLanguage === 'JSONata') {
        if (isJsonataExpression(value)) add(jsonataVariableReferences(jsonataExpressionText(value)));
      } else if (key !== undefined && readsJsonPath(key)) {
        add(jsonPathReferences(value));
      }
    }
  };
  walk(state, undefined);
  return [...names].sort();
}

function readsJsonPath(key: string): boolean {
  return key.endsWith('.$') || key === 'Variable' || (key.endsWith('Path') && key !== 'ResultPath');
}

function jsonPathReferences(value: string): string[] {
  if (isIntrinsicCall(value)) {
    try {
      return intrinsicVariableReferences(value);
    } catch {
      return []; // not a valid call: the definition validator reports it
    }
  }
  const name = pathVariableName(value);
  return name === undefined ? [] : [name];
}
