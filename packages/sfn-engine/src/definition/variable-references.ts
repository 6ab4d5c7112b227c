/**
 * The variables each state reads, as DescribeStateMachine's `variableReferences` lists them
 * (state name → sorted names), for every state at any depth. What one state reads is the JSONata
 * module's rule (`stateVariableReferences`); this walks the definition's states and branches.
 */
import { stateVariableReferences } from '../jsonata/index.js';
import type { QueryLanguage, StatesBlock } from './types.js';

export function variableReferences(definition: StatesBlock): Record<string, string[]> {
  const references: Record<string, string[]> = {};
  collectBlock(definition, definition.QueryLanguage ?? 'JSONPath', references);
  return references;
}

function collectBlock(block: StatesBlock, language: QueryLanguage, references: Record<string, string[]>): void {
  const blockLanguage = block.QueryLanguage ?? language;
  for (const [name, state] of Object.entries(block.States)) {
    const stateLanguage = (state.QueryLanguage as QueryLanguage | undefined) ?? blockLanguage;
    const { Branches: branches, ItemProcessor: processor, Iterator: iterator, ...own } = state;
    const names = stateVariableReferences(own, stateLanguage);
    if (names.length > 0) references[name] = [...names].sort();
    for (const branch of (branches as StatesBlock[] | undefined) ?? []) collectBlock(branch, stateLanguage, references);
    const inner = (processor ?? iterator) as StatesBlock | undefined;
    if (inner !== undefined) collectBlock(inner, stateLanguage, references);
  }
}
