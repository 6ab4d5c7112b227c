import type { StateDefinition } from '../definition/types.js';

/** `{ next }` for a state with Next, `{}` for an End state. */
export function nextOf(state: StateDefinition): { next?: string } {
  return typeof state.Next === 'string' ? { next: state.Next } : {};
}
