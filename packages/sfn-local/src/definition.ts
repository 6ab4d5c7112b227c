import { ConfigurationError } from '@sizegate/types';

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Branches?: readonly AslMachine[];
  readonly Iterator?: AslMachine;
  readonly ItemProcessor?: AslMachine;
}

interface AslMachine {
  readonly States?: Readonly<Record<string, AslState>>;
}

function collectStates(machine: AslMachine, into: Map<string, AslState>): void {
  for (const [name, state] of Object.entries(machine.States ?? {})) {
    into.set(name, state);
    for (const branch of state.Branches ?? []) collectStates(branch, into);
    if (state.Iterator) collectStates(state.Iterator, into);
    if (state.ItemProcessor) collectStates(state.ItemProcessor, into);
  }
}

/** Every state of a definition by name (nested Parallel/Map states included: names are unique in a machine). */
export function statesOf(definition: object): ReadonlyMap<string, AslState> {
  const states = new Map<string, AslState>();
  collectStates(definition as AslMachine, states);
  return states;
}

/** A Task that calls Lambda: `lambda:invoke` (any pattern) or a function ARN. */
const LAMBDA_RESOURCE = /^arn:[^:]+:(states:::lambda:invoke(\.\w+)?|lambda:[^:]+:\d{12}:function:.+)$/;

/**
 * Checks the `functions` option (Task state name → function) against the definition: every entry
 * must name a Task state that calls Lambda. A Task state without an entry calls the function its
 * Resource or FunctionName names, as on AWS.
 */
export function checkStateFunctions(definition: object, stateNames: readonly string[]): void {
  const states = statesOf(definition);
  for (const name of stateNames) {
    const state = states.get(name);
    if (state?.Type !== 'Task') throw new ConfigurationError(`"functions" names "${name}", which is not a Task state of the definition`);
    if (typeof state.Resource !== 'string' || !LAMBDA_RESOURCE.test(state.Resource)) {
      throw new ConfigurationError(
        `"functions" names "${name}", whose Resource "${String(state.Resource)}" does not call Lambda (arn:aws:states:::lambda:invoke or a function ARN)`,
      );
    }
  }
}
