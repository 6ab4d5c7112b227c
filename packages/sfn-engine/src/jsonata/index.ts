// PLACEHOLDER (replaced by the JSONata module): the contract the interpreter codes against.
import jsonata from 'jsonata';
import { StatesError } from '../errors.js';

/** What `$states` and `$<variable>` see in one evaluation. */
export interface JsonataBindings {
  readonly states: {
    readonly input: unknown;
    readonly context: unknown;
    readonly result?: unknown;
    readonly errorOutput?: unknown;
  };
  /** Workflow variables visible to the state (`$name`). */
  readonly variables: Readonly<Record<string, unknown>>;
}

/** True for a string that is one JSONata expression: `{% ... %}` (the whole string). */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && /^\{%[\s\S]*%\}$/.test(value);
}

/**
 * Evaluates a field value of a JSONata state: strings that are `{% expr %}` are evaluated, objects
 * and arrays are walked, other values are returned as they are. `field` names the field for error
 * texts (e.g. `Output`, `Arguments`, `Assign`). A `{% %}` that evaluates to nothing fails with
 * States.QueryEvaluationError, as on AWS.
 */
export async function evaluateJsonataField(value: unknown, bindings: JsonataBindings, field: string): Promise<unknown> {
  if (isJsonataExpression(value)) {
    const expression = value.slice(2, -2);
    const result = await jsonata(expression).evaluate({}, { states: bindings.states, ...bindings.variables });
    if (result === undefined) {
      throw new StatesError(
        'States.QueryEvaluationError',
        `The JSONata expression '${expression}' specified for the field '${field}' returned nothing (undefined).`,
      );
    }
    return result;
  }
  if (Array.isArray(value)) return Promise.all(value.map((item) => evaluateJsonataField(item, bindings, field)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = await evaluateJsonataField(item, bindings, `${field}/${key}`);
    return out;
  }
  return value;
}
