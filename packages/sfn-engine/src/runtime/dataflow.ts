/**
 * A state's data flow in either query language. JSONPath: InputPath → Parameters → (work) →
 * ResultSelector → ResultPath → OutputPath. JSONata: Arguments → (work) → Output, with `$states`.
 * Assign in both, reading the variables from before the state.
 */
import { StatesError } from '../errors.js';
import { evaluateJsonataField, type JsonataBindings } from '../jsonata/index.js';
import { invalidPath } from '../paths/errors.js';
import { evaluatePayloadTemplate } from '../paths/payload.js';
import { applyResultPath } from '../paths/result-path.js';
import { resolveIn, type PathScope } from '../paths/scope.js';
import { contextObject } from './context-object.js';
import type { StateContext } from './types.js';

export function pathScope(ctx: StateContext, input: unknown, extra: { taskToken?: string } = {}): PathScope {
  return { input, context: contextObject(ctx, extra), variables: ctx.variables };
}

export function jsonataBindings(
  ctx: StateContext,
  extra: { result?: unknown; errorOutput?: unknown; taskToken?: string } = {},
): JsonataBindings {
  const states: { input: unknown; context: unknown; result?: unknown; errorOutput?: unknown } = {
    input: ctx.input,
    context: contextObject(ctx, extra.taskToken === undefined ? {} : { taskToken: extra.taskToken }),
  };
  if ('result' in extra) states.result = extra.result;
  if ('errorOutput' in extra) states.errorOutput = extra.errorOutput;
  return { states, variables: ctx.variables, clock: () => ctx.rt.clock.now() };
}

/** Reads a path field (InputPath, OutputPath, ItemsPath...): null gives `{}`, a missing path fails. */
export function selectPath(ctx: StateContext, data: unknown, path: unknown): unknown {
  if (path === null) return {};
  if (path === undefined || path === '$') return data;
  const result = resolveIn(pathScope(ctx, data), path as string);
  if (!result.found) throw invalidPath(path as string, result);
  return result.value;
}

/** JSONPath: InputPath then Parameters (or the field named `parametersField`). */
export function effectiveInput(ctx: StateContext, parametersField = 'Parameters', extra: { taskToken?: string } = {}): unknown {
  const selected = selectPath(ctx, ctx.input, ctx.state.InputPath);
  ctx.rt.inspect?.('afterInputPath', selected);
  const template = ctx.state[parametersField];
  const parameters = template === undefined ? selected : evaluatePayloadTemplate(template, pathScope(ctx, selected, extra));
  ctx.rt.inspect?.('afterParameters', parameters);
  return parameters;
}

/** JSONata: a field's value with `{% %}` expressions evaluated; undefined when the field is absent. */
export async function jsonataField(ctx: StateContext, field: string, extra: Parameters<typeof jsonataBindings>[1] = {}): Promise<unknown> {
  const value = ctx.state[field];
  if (value === undefined) return undefined;
  return evaluateJsonataField(value, jsonataBindings(ctx, extra), field);
}

export interface Finished {
  readonly output: unknown;
  readonly assigned?: Record<string, unknown>;
}

/**
 * After the state's work: JSONPath applies ResultSelector (when `selectable`), ResultPath and
 * OutputPath; JSONata evaluates Output (default: `defaultOutput`). Assign is evaluated in both.
 */
export async function finishState(
  ctx: StateContext,
  result: unknown,
  options: { selectable: boolean; defaultOutput?: unknown },
): Promise<Finished> {
  if (ctx.queryLanguage === 'JSONata') {
    const bindings = jsonataBindings(ctx, { result });
    const output =
      ctx.state.Output === undefined
        ? 'defaultOutput' in options
          ? options.defaultOutput
          : result
        : await evaluateJsonataField(ctx.state.Output, bindings, 'Output');
    const assigned = ctx.state.Assign === undefined ? undefined : await assignJsonata(ctx.state.Assign, bindings);
    return assigned === undefined ? { output } : { output, assigned };
  }
  const selected =
    options.selectable && ctx.state.ResultSelector !== undefined
      ? evaluatePayloadTemplate(ctx.state.ResultSelector, pathScope(ctx, result))
      : result;
  ctx.rt.inspect?.('afterResultSelector', selected);
  const assigned = ctx.state.Assign === undefined ? undefined : assignJsonPath(ctx, ctx.state.Assign, selected);
  const placed = applyResultPath(ctx.input, selected, ctx.state.ResultPath as string | null | undefined);
  ctx.rt.inspect?.('afterResultPath', placed);
  const output = selectPath(ctx, placed, ctx.state.OutputPath);
  return assigned === undefined ? { output } : { output, assigned };
}

export async function assignJsonata(assign: unknown, bindings: JsonataBindings): Promise<Record<string, unknown>> {
  return (await evaluateJsonataField(assign, bindings, 'Assign')) as Record<string, unknown>;
}

export function assignJsonPath(ctx: StateContext, assign: unknown, data: unknown): Record<string, unknown> {
  return evaluatePayloadTemplate(assign, pathScope(ctx, data)) as Record<string, unknown>;
}

/** A JSONPath `...Path` field that must give a number (TimeoutSecondsPath, MaxConcurrencyPath...). */
export function numberFromPath(ctx: StateContext, data: unknown, path: string): unknown {
  const result = resolveIn(pathScope(ctx, data), path);
  if (!result.found) throw invalidPath(path, result);
  return result.value;
}

export function runtimeError(cause: string): StatesError {
  return new StatesError('States.Runtime', cause);
}
