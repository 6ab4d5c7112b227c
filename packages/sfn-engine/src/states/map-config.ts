/** A Map's items and numeric settings, from literals, `...Path` fields or JSONata expressions. */
import { randomUUID } from 'node:crypto';
import { StatesError } from '../errors.js';
import { evaluateJsonataField } from '../jsonata/index.js';
import { isJsonataExpression } from '../jsonata/index.js';
import { evaluatePayloadTemplate } from '../paths/payload.js';
import { resolveIn } from '../paths/scope.js';
import { contextObject } from '../runtime/context-object.js';
import { readItems } from './map-items.js';
import { jsonataBindings, pathScope, selectPath } from '../runtime/dataflow.js';
import type { StatesBlock } from '../definition/types.js';
import type { Frame, StateContext } from '../runtime/types.js';

/** The array a Map iterates over (before ItemSelector). */
export async function mapItems(ctx: StateContext, input: unknown): Promise<unknown[]> {
  const { state } = ctx;
  const reader = state.ItemReader as Record<string, unknown> | undefined;
  if (reader !== undefined) return readItems(ctx, reader, input);
  if (ctx.queryLanguage === 'JSONata') {
    if (state.Items === undefined) {
      if (!Array.isArray(ctx.input))
        throw new StatesError('States.QueryEvaluationError', `Map state input must be an array but was: ${JSON.stringify(ctx.input)}`);
      return ctx.input;
    }
    const items = await evaluateJsonataField(state.Items, jsonataBindings(ctx), 'Items');
    if (!Array.isArray(items)) {
      const expression = isJsonataExpression(state.Items) ? state.Items.slice(2, -2).trim() : JSON.stringify(state.Items);
      const kind = items === null ? 'null' : isJsonataFunction(items) ? 'function' : typeof items;
      if (kind === 'function')
        throw new StatesError(
          'States.QueryEvaluationError',
          `The JSONata expression '${expression}' specified for the field 'Items' returned an unsupported result type.`,
          { location: 'Items' },
        );
      throw new StatesError(
        'States.QueryEvaluationError',
        `The JSONata expression '${expression}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${kind}' for value: ${JSON.stringify(items)}`,
        { location: 'Items' },
      );
    }
    return items;
  }
  const items = selectPath(ctx, input, state.ItemsPath);
  if (!Array.isArray(items)) throw new StatesError('States.Runtime', `Map state input must be an array but was: ${JSON.stringify(items)}`);
  return items;
}

/** The input of one iteration: ItemSelector (or legacy Parameters) with `$$.Map.Item`, else the item. */
export async function iterationInput(ctx: StateContext, input: unknown, item: unknown, index: number): Promise<unknown> {
  const selector = ctx.state.ItemSelector ?? ctx.state.Parameters;
  if (selector === undefined) return item;
  const mapItem = { Index: index, Value: item };
  const itemCtx: StateContext = { ...ctx, frame: { ...ctx.frame, mapItem } };
  if (ctx.queryLanguage === 'JSONata') {
    const bindings = jsonataBindings(itemCtx);
    return evaluateJsonataField(selector, bindings, 'ItemSelector');
  }
  return evaluatePayloadTemplate(selector, { input, context: contextObject(itemCtx), variables: ctx.variables });
}

/** An integer or float setting: literal, `<field>Path`, or a JSONata expression. */
export async function mapNumber(ctx: StateContext, input: unknown, field: string, kind: 'integer' | 'float'): Promise<number | undefined> {
  const { state } = ctx;
  if (ctx.queryLanguage === 'JSONata') {
    if (state[field] === undefined) return undefined;
    const value = await evaluateJsonataField(state[field], jsonataBindings(ctx), field);
    if (typeof value !== 'number' || (kind === 'integer' && !Number.isInteger(value))) {
      throw new StatesError(
        'States.QueryEvaluationError',
        `The ${field} field must evaluate to a valid ${kind}, but was: ${JSON.stringify(value)}`,
        { location: field },
      );
    }
    return value;
  }
  if (typeof state[field] === 'number') return state[field] as number;
  const path = state[`${field}Path`];
  if (typeof path !== 'string') return undefined;
  const found = resolveIn(pathScope(ctx, input), path);
  // Recorded: a numeric string ("1") is accepted.
  const value =
    found.found && typeof found.value === 'string' && found.value.trim() !== '' && !Number.isNaN(Number(found.value))
      ? Number(found.value)
      : found.found
        ? found.value
        : undefined;
  const valid = typeof value === 'number' && (kind === 'float' || Number.isInteger(value));
  if (!valid) {
    const shown = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    throw new StatesError('States.Runtime', `The ${field}Path field refers to value "${shown}" which is not a valid ${kind}: ${path}`);
  }
  return value;
}

export function mapRunArn(ctx: StateContext): string {
  const label = typeof ctx.state.Label === 'string' ? ctx.state.Label : randomUUID();
  return `arn:aws:states:${ctx.rt.region}:${ctx.rt.accountId}:mapRun:${ctx.rt.stateMachineName}/${label}:${randomUUID()}`;
}

/** jsonata 2.0 represents a function value as an object marked `_jsonata_lambda` (or a native function). */
function isJsonataFunction(value: unknown): boolean {
  return typeof value === 'function' || (value !== null && typeof value === 'object' && '_jsonata_lambda' in value);
}

/** The frame of one Map iteration: a copy of the variables, `$$.Map.Item`. */
export function iterationFrame(ctx: StateContext, block: StatesBlock, cursor: number, index: number, item: unknown): Frame {
  return {
    cursor,
    variables: { ...ctx.variables },
    queryLanguage: block.QueryLanguage ?? ctx.queryLanguage,
    mapItem: { Index: index, Value: item },
  };
}
