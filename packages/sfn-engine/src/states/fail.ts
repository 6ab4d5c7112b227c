/** Fail: ends the thread with Error/Cause (or ErrorPath/CausePath, or JSONata expressions). */
import { StatesError } from '../errors.js';
import { evaluateJsonataField } from '../jsonata/index.js';
import { isIntrinsicCall } from '../intrinsics/index.js';
import { pathNotFoundInInput } from '../paths/errors.js';
import { resolveDynamicValue } from '../paths/payload.js';
import { jsonataBindings, pathScope } from '../runtime/dataflow.js';
import { StateFailure } from '../runtime/failure.js';
import type { StateContext, StateOutcome } from '../runtime/types.js';
import { resolveIn } from '../paths/scope.js';

export async function runFail(ctx: StateContext): Promise<StateOutcome> {
  if (ctx.queryLanguage === 'JSONPath') ctx.rt.inspect?.('afterInputPath', ctx.input);
  const error = await failField(ctx, 'Error', 'ErrorPath');
  const cause = await failField(ctx, 'Cause', 'CausePath');
  throw new StateFailure(error, cause);
}

async function failField(ctx: StateContext, field: 'Error' | 'Cause', pathField: 'ErrorPath' | 'CausePath'): Promise<string | undefined> {
  const literal = ctx.state[field];
  if (ctx.queryLanguage === 'JSONata') {
    if (literal === undefined) return undefined;
    const value = await evaluateJsonataField(literal, jsonataBindings(ctx), field);
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
  if (typeof literal === 'string') return literal;
  const path = ctx.state[pathField];
  if (typeof path !== 'string') return undefined;
  const scope = pathScope(ctx, ctx.input);
  if (isIntrinsicCall(path)) return stringOf(resolveDynamicValue(path, pathField, scope), pathField);
  const result = resolveIn(scope, path);
  if (!result.found) throw pathNotFoundInInput(path, pathField, ctx.input);
  return stringOf(result.value, pathField);
}

function stringOf(value: unknown, field: string): string {
  if (typeof value === 'string') return value;
  throw new StatesError('States.Runtime', `The ${field} field must resolve to a string, but was: ${JSON.stringify(value)}`);
}
