/** A Task's TimeoutSeconds/HeartbeatSeconds from a literal, a `...Path` or a JSONata expression. */
import { StatesError } from '../errors.js';
import { evaluateJsonataField } from '../jsonata/index.js';
import { jsonataBindings, numberFromPath, selectPath } from '../runtime/dataflow.js';
import type { StateContext } from '../runtime/types.js';

export async function taskSeconds(ctx: StateContext, field: 'TimeoutSeconds' | 'HeartbeatSeconds'): Promise<number | undefined> {
  const { state } = ctx;
  let value: unknown = state[field];
  if (ctx.queryLanguage === 'JSONata') {
    if (value === undefined) return undefined;
    value = await evaluateJsonataField(value, jsonataBindings(ctx), field);
  } else if (value === undefined) {
    const path = state[`${field}Path`];
    if (typeof path !== 'string') return undefined;
    value = numberFromPath(ctx, selectPath(ctx, ctx.input, state.InputPath), path);
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    const error = ctx.queryLanguage === 'JSONata' ? 'States.QueryEvaluationError' : 'States.Runtime';
    throw new StatesError(error, `The ${field} field must be a positive integer, but was: ${JSON.stringify(value)}`, { location: field });
  }
  return value;
}
