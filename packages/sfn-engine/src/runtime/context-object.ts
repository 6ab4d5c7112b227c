/** The context object (`$$` in JSONPath, `$states.context` in JSONata) for one state. */
import type { StateContext } from './types.js';

const RETRYING_TYPES = new Set(['Task', 'Map', 'Parallel']);

export function contextObject(ctx: StateContext, extra: { taskToken?: string } = {}): Record<string, unknown> {
  if (ctx.rt.contextOf !== undefined) return ctx.rt.contextOf(ctx, extra.taskToken);
  const state: Record<string, unknown> = { Name: ctx.name, EnteredTime: ctx.enteredTime };
  if (RETRYING_TYPES.has(ctx.state.Type)) state.RetryCount = ctx.retryCount;
  const context: Record<string, unknown> = {
    Execution: ctx.rt.contextBase.Execution,
    StateMachine: ctx.rt.contextBase.StateMachine,
    State: state,
  };
  if (extra.taskToken !== undefined) context.Task = { Token: extra.taskToken };
  if (ctx.frame.mapItem !== undefined) context.Map = { Item: { Index: ctx.frame.mapItem.Index, Value: ctx.frame.mapItem.Value } };
  return context;
}
