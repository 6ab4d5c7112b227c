/** Wait: Seconds, Timestamp, SecondsPath or TimestampPath (or JSONata expressions), on the clock. */
import { StatesError } from '../errors.js';
import { evaluateJsonataField } from '../jsonata/index.js';
import { resolveIn } from '../paths/scope.js';
import { effectiveInput, finishState, jsonataBindings, pathScope, selectPath } from '../runtime/dataflow.js';
import type { StateContext, StateOutcome } from '../runtime/types.js';
import { nextOf } from './next.js';

/** AWS rejects delays past 2^31-1 seconds from now ("Wait state delay is too long."). */
const MAX_DELAY_SECONDS = 2 ** 31 - 1;
/** ISO-8601 extended offset date-time as AWS accepts it (`T`, a zone, optional fraction). */
const ISO_OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function parseIsoOffsetDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ISO_OFFSET_DATE_TIME.test(value)) return undefined;
  const [, month, day, hour, minute, second] = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(value) ?? [];
  if (Number(month) > 12 || Number(day) > 31 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const time = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(time) ? undefined : time;
}

export async function runWait(ctx: StateContext): Promise<StateOutcome> {
  const until = ctx.queryLanguage === 'JSONata' ? await deadlineJsonata(ctx) : deadlineJsonPath(ctx);
  const delaySeconds = (until - ctx.rt.clock.now()) / 1000;
  if (delaySeconds > MAX_DELAY_SECONDS) throw new StatesError('States.Runtime', 'Wait state delay is too long.');
  await ctx.rt.turns.wait(ctx.rt.clock.sleep(until - ctx.rt.clock.now(), ctx.rt.signal));
  if (ctx.queryLanguage === 'JSONata')
    return { ...(await finishState(ctx, ctx.input, { selectable: false, defaultOutput: ctx.input })), ...nextOf(ctx.state) };
  const input = effectiveInput(ctx);
  return { ...(await finishState(ctx, input, { selectable: false })), ...nextOf(ctx.state) };
}

function deadlineJsonPath(ctx: StateContext): number {
  const { state } = ctx;
  const now = ctx.rt.clock.now();
  if (typeof state.Seconds === 'number') return now + state.Seconds * 1000;
  if (typeof state.Timestamp === 'string') return parseIsoOffsetDateTime(state.Timestamp) ?? now;
  const input = selectPath(ctx, ctx.input, state.InputPath);
  const scope = pathScope(ctx, input);
  if (typeof state.SecondsPath === 'string') {
    const found = resolveIn(scope, state.SecondsPath);
    if (!found.found)
      throw new StatesError('States.Runtime', `The SecondsPath parameter does not reference an input value: ${state.SecondsPath}`);
    if (typeof found.value !== 'number' || !Number.isInteger(found.value)) {
      throw new StatesError(
        'States.Runtime',
        `The SecondsPath parameter cannot be parsed as a long value: ${state.SecondsPath} == ${JSON.stringify(found.value)}`,
      );
    }
    return now + Math.max(0, found.value) * 1000;
  }
  const path = state.TimestampPath as string;
  const found = resolveIn(scope, path);
  if (!found.found) throw new StatesError('States.Runtime', `The TimestampPath parameter does not reference an input value: ${path}`);
  const time = parseIsoOffsetDateTime(found.value);
  if (time === undefined) {
    const shown = typeof found.value === 'string' ? found.value : JSON.stringify(found.value);
    throw new StatesError(
      'States.Runtime',
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${shown}`,
    );
  }
  return time;
}

async function deadlineJsonata(ctx: StateContext): Promise<number> {
  const bindings = jsonataBindings(ctx);
  const now = ctx.rt.clock.now();
  if (ctx.state.Seconds !== undefined) {
    const seconds = await evaluateJsonataField(ctx.state.Seconds, bindings, 'Seconds');
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new StatesError(
        'States.QueryEvaluationError',
        `The Seconds field must evaluate to a non-negative integer, but was: ${JSON.stringify(seconds)}`,
        { location: 'Seconds' },
      );
    }
    return now + seconds * 1000;
  }
  const value = await evaluateJsonataField(ctx.state.Timestamp, bindings, 'Timestamp');
  const time = parseIsoOffsetDateTime(value);
  if (time === undefined) {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    throw new StatesError(
      'States.QueryEvaluationError',
      `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${shown}`,
      { location: 'Timestamp' },
    );
  }
  return time;
}
