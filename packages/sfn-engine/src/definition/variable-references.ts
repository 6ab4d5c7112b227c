/**
 * The variables each state reads, as DescribeStateMachine's `variableReferences` lists them
 * (state name → sorted names), found in JSONPath paths/intrinsics and JSONata `{% %}` expressions.
 */
import type { QueryLanguage, StatesBlock } from './types.js';

const JSONPATH_VARIABLE = /(?<![$\w])\$([A-Za-z_][A-Za-z0-9_]*)/g;
const JSONATA_EXPRESSION = /^\{%([\s\S]*)%\}$/;

export function variableReferences(definition: StatesBlock): Record<string, string[]> {
  const references: Record<string, string[]> = {};
  collectBlock(definition, definition.QueryLanguage ?? 'JSONPath', references);
  return references;
}

function collectBlock(block: StatesBlock, language: QueryLanguage, references: Record<string, string[]>): void {
  const blockLanguage = block.QueryLanguage ?? language;
  for (const [name, state] of Object.entries(block.States)) {
    const stateLanguage = (state.QueryLanguage as QueryLanguage | undefined) ?? blockLanguage;
    const names = new Set<string>();
    for (const [field, value] of Object.entries(state)) {
      if (field === 'Branches' || field === 'ItemProcessor' || field === 'Iterator') continue;
      collectValue(value, stateLanguage, names, field.endsWith('Path') || field === 'Variable');
    }
    if (names.size > 0) references[name] = [...names].sort();
    for (const branch of (state.Branches as StatesBlock[] | undefined) ?? []) collectBlock(branch, stateLanguage, references);
    const processor = (state.ItemProcessor ?? state.Iterator) as StatesBlock | undefined;
    if (processor !== undefined) collectBlock(processor, stateLanguage, references);
  }
}

function collectValue(value: unknown, language: QueryLanguage, names: Set<string>, isPath: boolean): void {
  if (Array.isArray(value)) {
    for (const item of value) collectValue(item, language, names, false);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) collectValue(item, language, names, key.endsWith('.$') || key.endsWith('Path') || key === 'Variable');
    return;
  }
  if (typeof value !== 'string') return;
  if (language === 'JSONata') {
    const expression = JSONATA_EXPRESSION.exec(value)?.[1];
    if (expression !== undefined) collectJsonata(expression, names);
  } else if (isPath) {
    for (const match of value.matchAll(JSONPATH_VARIABLE)) names.add(match[1] as string);
  }
}

/** `$name` in an expression, except `$states`, function calls (`$sum(`) and names it binds itself (`$x :=`). */
function collectJsonata(expression: string, names: Set<string>): void {
  const text = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const bound = new Set([...text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)\s*:=/g)].map((match) => match[1] as string));
  for (const params of text.matchAll(/function\s*\(([^)]*)\)/g)) for (const param of (params[1] ?? '').matchAll(/\$([A-Za-z_]\w*)/g)) bound.add(param[1] as string);
  for (const match of text.matchAll(/(?<![$\w])\$([A-Za-z_][A-Za-z0-9_]*)(\s*\()?/g)) {
    const name = match[1] as string;
    if (name === 'states' || match[2] !== undefined || bound.has(name)) continue;
    names.add(name);
  }
}
