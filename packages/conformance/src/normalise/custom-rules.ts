import { NormaliseError } from './context.js';
import { findPath } from './jsonpath.js';
import type { Transformer } from './snapshot-rules.js';
import { type Dict, isDict } from './walk.js';

/**
 * The `custom` rules of the corpus: transformers a test wrote itself. Each one is ported as it is
 * written in the test, quirks included, because the recordings went through it.
 */
export function customRule(rule: string): Transformer {
  if (/variableReferences/.test(rule) && /sorted/.test(rule)) return sortVariableReferences;
  if (/'output' JSON string was decoded/.test(rule)) return decodeOutputs;
  throw new NormaliseError(`Unknown custom normalise rule: ${rule}`);
}

/** test_sfn_api_variable_references.py `_SfnSortVariableReferences`: every name list under `$..variableReferences` is sorted. */
const sortVariableReferences: Transformer = (state) => {
  for (const match of findPath(state, '$..variableReferences')) {
    if (!isDict(match.value)) continue;
    for (const names of Object.values(match.value)) {
      if (Array.isArray(names)) names.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    }
  }
};

/**
 * test_assign_reference_variables.py `_convert_output_to_json`: walks objects (and the objects in
 * arrays); in an object that has a string `output`, decodes it (any JSON, not only `{...}`) and
 * returns at once, so the object's later keys are not visited.
 */
const decodeOutputs: Transformer = (state) => {
  convertOutputToJson(state);
};

function convertOutputToJson(content: Dict): void {
  for (const value of Object.values(content)) {
    if (isDict(value)) {
      if ('output' in value && typeof value.output === 'string') {
        try {
          value.output = JSON.parse(value.output) as unknown;
          return;
        } catch {
          // not JSON: falls through to the walk below, as in the test
        }
      }
      convertOutputToJson(value);
    } else if (Array.isArray(value)) {
      for (const item of value) if (isDict(item)) convertOutputToJson(item);
    }
  }
}
