import type { CorpusCase } from '../corpus/types.js';

export class CaseDataError extends Error {
  override readonly name = 'CaseDataError';
}

/** The values the steps bound (`sm0`, `exec0`, …), and the forms `${x.last}` / `${x.prev}` of them. */
export class Variables {
  private readonly values = new Map<string, string>();

  set(name: string, value: string): void {
    this.values.set(name, value);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** `sm0`, `exec0.last` (after the ARN's last `:`), `exec0.prev` (the part before that). */
  resolve(expression: string): string {
    const [name = '', form] = expression.split('.', 2);
    const value = this.values.get(name);
    if (value === undefined) throw new CaseDataError(`\${${expression}} is used before a step bound '${name}'`);
    if (form === undefined) return value;
    const parts = value.split(':');
    if (form === 'last') return parts.at(-1) as string;
    if (form === 'prev') return parts.at(-2) ?? '';
    throw new CaseDataError(`Unknown variable form \${${expression}}`);
  }

  entries(): [string, string][] {
    return [...this.values];
  }
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.(?:last|prev))?)\}/g;

/** Replaces `${var}` in every string of a value (definitions and inputs included). Unbound names are an error. */
export function substitute<T>(value: T, variables: Variables): T {
  if (typeof value === 'string') return value.replace(VARIABLE, (_, expression: string) => variables.resolve(expression)) as T;
  if (Array.isArray(value)) return value.map((item) => substitute(item, variables) as unknown) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, variables)])) as T;
  }
  return value;
}

/** Replaces every `{"$ref": "#/..."}` by the value the JSON pointer names in the case. */
export function resolveRefs<T>(value: T, testCase: CorpusCase): T {
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item as unknown, testCase)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]?.[0] === '$ref' && typeof entries[0][1] === 'string')
    return resolvePointer(testCase, entries[0][1]) as T;
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveRefs(item as unknown, testCase)])) as T;
}

/** A `#/…` JSON pointer into the case; a definition with `<<REPEAT c n>>` tokens comes back expanded. */
export function resolvePointer(testCase: CorpusCase, pointer: string): unknown {
  if (!pointer.startsWith('#/')) throw new CaseDataError(`Unsupported $ref '${pointer}' (only '#/...' pointers into the case)`);
  const tokens = pointer
    .slice(2)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
  let current: unknown = testCase;
  for (const token of tokens) {
    if (typeof current !== 'object' || current === null || !(token in current))
      throw new CaseDataError(`$ref '${pointer}' names nothing in the case`);
    current = (current as Record<string, unknown>)[token];
  }
  const machine = /^#\/state_machines\/(\d+)\/definition$/.exec(pointer);
  if (machine && testCase.state_machines[Number(machine[1])]?.definition_has_repeat_tokens && typeof current === 'string') {
    return expandRepeatTokens(current);
  }
  return current;
}

/** `<<REPEAT c n>>` → the character `c` repeated `n` times (one case's 257 KiB payload is stored this way). */
export function expandRepeatTokens(text: string): string {
  return text.replace(/<<REPEAT (.) (\d+)>>/g, (_, char: string, count: string) => char.repeat(Number(count)));
}

/** `stateMachineArn`, `mapRuns[0].mapRunArn`: a value out of a response, for `bind`. */
export function valueAtPath(response: unknown, path: string): unknown {
  let current = response;
  for (const token of path.match(/[^.[\]]+/g) ?? []) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}
