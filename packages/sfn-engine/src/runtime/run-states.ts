/** A thread of states (top level, Parallel branch, Map iteration) from StartAt to its end. */
import type { StatesBlock } from '../definition/types.js';
import { StatesError } from '../errors.js';
import { runState, type StateHandler } from './run-state.js';
import type { ExecutionRuntime, Frame } from './types.js';

export async function runStates(
  rt: ExecutionRuntime,
  block: StatesBlock,
  input: unknown,
  frame: Frame,
  handlers: Readonly<Record<string, StateHandler>>,
): Promise<unknown> {
  let name: string | undefined = block.StartAt;
  let data = input;
  while (name !== undefined) {
    const state = block.States[name];
    const handler = state === undefined ? undefined : handlers[state.Type];
    if (state === undefined || handler === undefined)
      throw new StatesError('States.Runtime', `State '${name}' does not exist or has an unknown type.`);
    const run = await runState(rt, frame, name, state, data, handler);
    data = run.output;
    name = run.next;
  }
  return data;
}
