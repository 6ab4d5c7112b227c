/** JSONPath Choice rules: every comparison operator, the *Path variants, And/Or/Not and Is*. */
import { StatesError } from '../errors.js';
import { invalidPath } from '../paths/errors.js';
import { resolveIn, type PathScope } from '../paths/scope.js';

type Rule = Readonly<Record<string, unknown>>;
type Compare = (a: unknown, b: unknown) => boolean;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || !RFC3339.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

const str =
  (op: (a: string, b: string) => boolean): Compare =>
  (a, b) =>
    typeof a === 'string' && typeof b === 'string' && op(a, b);
const num =
  (op: (a: number, b: number) => boolean): Compare =>
  (a, b) =>
    typeof a === 'number' && typeof b === 'number' && op(a, b);
const time =
  (op: (a: number, b: number) => boolean): Compare =>
  (a, b) => {
    const left = parseTimestamp(a);
    const right = parseTimestamp(b);
    return left !== undefined && right !== undefined && op(left, right);
  };

const COMPARATORS: Readonly<Record<string, Compare>> = {
  StringEquals: str((a, b) => a === b),
  StringLessThan: str((a, b) => a < b),
  StringGreaterThan: str((a, b) => a > b),
  StringLessThanEquals: str((a, b) => a <= b),
  StringGreaterThanEquals: str((a, b) => a >= b),
  StringMatches: str((a, b) => wildcardMatch(a, b)),
  NumericEquals: num((a, b) => a === b),
  NumericLessThan: num((a, b) => a < b),
  NumericGreaterThan: num((a, b) => a > b),
  NumericLessThanEquals: num((a, b) => a <= b),
  NumericGreaterThanEquals: num((a, b) => a >= b),
  BooleanEquals: (a, b) => typeof a === 'boolean' && a === b,
  TimestampEquals: time((a, b) => a === b),
  TimestampLessThan: time((a, b) => a < b),
  TimestampGreaterThan: time((a, b) => a > b),
  TimestampLessThanEquals: time((a, b) => a <= b),
  TimestampGreaterThanEquals: time((a, b) => a >= b),
};

const TYPE_TESTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  IsNull: (value) => value === null,
  IsNumeric: (value) => typeof value === 'number',
  IsString: (value) => typeof value === 'string',
  IsBoolean: (value) => typeof value === 'boolean',
  IsTimestamp: (value) => parseTimestamp(value) !== undefined,
};

/** Every operator name a rule may use (for validation). */
export const CHOICE_OPERATORS: readonly string[] = [
  ...Object.keys(COMPARATORS),
  ...Object.keys(COMPARATORS)
    .filter((name) => name !== 'StringMatches')
    .map((name) => `${name}Path`),
  ...Object.keys(TYPE_TESTS),
  'IsPresent',
];

/** `*` matches any run of characters; `\*` is a literal star (and `\\` a backslash). */
function wildcardMatch(value: string, pattern: string): boolean {
  let regex = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      regex += escapeRegex(pattern[index] as string);
    } else regex += char === '*' ? '.*' : escapeRegex(char);
  }
  return new RegExp(`^${regex}$`, 's').test(value);
}

function escapeRegex(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function evaluateRule(rule: Rule, scope: PathScope): boolean {
  if (Array.isArray(rule.And)) return (rule.And as Rule[]).every((inner) => evaluateRule(inner, scope));
  if (Array.isArray(rule.Or)) return (rule.Or as Rule[]).some((inner) => evaluateRule(inner, scope));
  if (rule.Not !== undefined) return !evaluateRule(rule.Not as Rule, scope);
  const variable = rule.Variable as string;
  const found = resolveIn(scope, variable);
  if ('IsPresent' in rule) return found.found === rule.IsPresent;
  for (const [name, test] of Object.entries(TYPE_TESTS)) {
    if (name in rule) return found.found && test(found.value) === rule[name];
  }
  if (!found.found) throw invalidPath(variable, found);
  for (const [name, compare] of Object.entries(COMPARATORS)) {
    if (name in rule) return compare(found.value, rule[name]);
    const pathName = `${name}Path`;
    if (pathName in rule) {
      const other = resolveIn(scope, rule[pathName] as string);
      if (!other.found) throw invalidPath(rule[pathName] as string, other);
      return compare(found.value, other.value);
    }
  }
  throw new StatesError('States.Runtime', `The Choice rule has no comparison operator: ${JSON.stringify(rule)}`);
}
