/** Succeed: ends its thread with its input (after InputPath/OutputPath, or Output in JSONata). */
import { evaluateJsonataField } from '../jsonata/index.js';
import { jsonataBindings, selectPath } from '../runtime/dataflow.js';
import type { StateContext, StateOutcome } from '../runtime/types.js';

export async function runSucceed(ctx: StateContext): Promise<StateOutcome> {
  if (ctx.queryLanguage === 'JSONata') {
    const output =
      ctx.state.Output === undefined ? ctx.input : await evaluateJsonataField(ctx.state.Output, jsonataBindings(ctx), 'Output');
    return { output };
  }
  const input = selectPath(ctx, ctx.input, ctx.state.InputPath);
  ctx.rt.inspect?.('afterInputPath', input);
  return { output: selectPath(ctx, input, ctx.state.OutputPath) };
}
