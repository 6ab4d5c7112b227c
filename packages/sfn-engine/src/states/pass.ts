/** Pass: its output is Result (JSONPath, any value incl. false/0/""), else its (effective) input. */
import { effectiveInput, finishState } from '../runtime/dataflow.js';
import type { StateContext, StateOutcome } from '../runtime/types.js';
import { nextOf } from './next.js';

export async function runPass(ctx: StateContext): Promise<StateOutcome> {
  if (ctx.queryLanguage === 'JSONata') {
    const finished = await finishState(ctx, ctx.input, { selectable: false, defaultOutput: ctx.input });
    return { ...finished, ...nextOf(ctx.state) };
  }
  // With Result the effective input is not used (TestState shows no afterInputPath/afterParameters then).
  const result = 'Result' in ctx.state ? ctx.state.Result : effectiveInput(ctx);
  if ('Result' in ctx.state) ctx.rt.inspect?.('result', result);
  const finished = await finishState(ctx, result, { selectable: false });
  return { ...finished, ...nextOf(ctx.state) };
}
