/** Choice: the first matching rule's Next (its Assign/Output replace the state's), else Default. */
import { evaluateJsonataField } from '../jsonata/index.js';
import { assignJsonata, assignJsonPath, jsonataBindings, pathScope, selectPath } from '../runtime/dataflow.js';
import { StateFailure } from '../runtime/failure.js';
import type { StateContext, StateOutcome } from '../runtime/types.js';
import { evaluateRule } from './choice-rules.js';

type Rule = Readonly<Record<string, unknown>>;

export async function runChoice(ctx: StateContext): Promise<StateOutcome> {
  const rules = (ctx.state.Choices as Rule[] | undefined) ?? [];
  return ctx.queryLanguage === 'JSONata' ? choiceJsonata(ctx, rules) : choiceJsonPath(ctx, rules);
}

async function choiceJsonata(ctx: StateContext, rules: readonly Rule[]): Promise<StateOutcome> {
  const bindings = jsonataBindings(ctx);
  for (const rule of rules) {
    const matched = await evaluateJsonataField(rule.Condition, bindings, 'Condition');
    if (matched === true) return takeJsonata(ctx, rule, rule.Next as string);
  }
  return takeJsonata(ctx, ctx.state, defaultNext(ctx));
}

async function takeJsonata(ctx: StateContext, source: Rule, next: string): Promise<StateOutcome> {
  const bindings = jsonataBindings(ctx);
  const output = source.Output === undefined ? ctx.input : await evaluateJsonataField(source.Output, bindings, 'Output');
  const assigned = source.Assign === undefined ? undefined : await assignJsonata(source.Assign, bindings);
  return assigned === undefined ? { output, next } : { output, next, assigned };
}

function choiceJsonPath(ctx: StateContext, rules: readonly Rule[]): StateOutcome {
  const input = selectPath(ctx, ctx.input, ctx.state.InputPath);
  ctx.rt.inspect?.('afterInputPath', input);
  const scope = pathScope(ctx, input);
  const rule = rules.find((candidate) => evaluateRule(candidate, scope));
  const source: Rule = rule ?? ctx.state;
  const next = rule === undefined ? defaultNext(ctx) : (rule.Next as string);
  const assigned = source.Assign === undefined ? undefined : assignJsonPath(ctx, source.Assign, input);
  const output = selectPath(ctx, input, ctx.state.OutputPath);
  return assigned === undefined ? { output, next } : { output, next, assigned };
}

function defaultNext(ctx: StateContext): string {
  if (typeof ctx.state.Default === 'string') return ctx.state.Default;
  throw new StateFailure('States.NoChoiceMatched', 'No Matches!');
}
