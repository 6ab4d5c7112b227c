type Rule = Readonly<Record<string, unknown>>;

const OPERATORS: Readonly<Record<string, string>> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
  Matches: 'matches',
};
const COMPARISON = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?$/;
const TYPE_TESTS: Readonly<Record<string, string>> = {
  IsPresent: 'present',
  IsNull: 'null',
  IsNumeric: 'numeric',
  IsString: 'string',
  IsBoolean: 'boolean',
  IsTimestamp: 'timestamp',
};

const isRule = (value: unknown): value is Rule => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `$.size` → `size`, `$.a.b` → `a.b`; other paths (`$`, `$['a b']`, `$$.Execution.Id`) stay as written. */
function variableName(variable: unknown): string {
  const text = String(variable);
  return text.startsWith('$.') ? text.slice(2) : text;
}

function formatValue(kind: string, value: unknown): string {
  if (kind === 'Numeric' || kind === 'Boolean') return String(value);
  return JSON.stringify(value);
}

/** A JSONata `Condition` is written `{% expression %}`; the expression is what a reader wants. */
function conditionText(condition: unknown): string {
  const text = String(condition).trim();
  const match = /^\{%([\s\S]*)%\}$/.exec(text);
  return (match?.[1] ?? text).trim();
}

function describeSimple(rule: Rule, negated: boolean): string | undefined {
  const variable = variableName(rule.Variable);
  for (const [key, value] of Object.entries(rule)) {
    const test = TYPE_TESTS[key];
    if (test !== undefined) {
      const positive = (value === true) !== negated;
      return `${variable} is ${positive ? '' : 'not '}${test}`;
    }
    const comparison = COMPARISON.exec(key);
    if (comparison !== null) {
      const [, kind = '', operation = '', path] = comparison;
      const operand = path === undefined ? formatValue(kind, value) : String(value);
      const text = `${variable} ${OPERATORS[operation] ?? operation} ${operand}`;
      return negated ? `not (${text})` : text;
    }
  }
  return undefined;
}

function describe(rule: Rule, nested: boolean): string {
  if (rule.Condition !== undefined) return conditionText(rule.Condition);
  if (Array.isArray(rule.And) || Array.isArray(rule.Or)) {
    const operator = Array.isArray(rule.And) ? 'and' : 'or';
    const parts = ((rule.And ?? rule.Or) as unknown[]).filter(isRule).map((part) => describe(part, true));
    const text = parts.join(` ${operator} `);
    return nested && parts.length > 1 ? `(${text})` : text;
  }
  if (isRule(rule.Not)) {
    const inner = rule.Not;
    // "size is not present" reads better than "not (size is present)".
    if (inner.Variable !== undefined) {
      const simple = describeSimple(inner, true);
      if (simple !== undefined) return simple;
    }
    return `not (${describe(inner, false)})`;
  }
  if (rule.Variable !== undefined) {
    const simple = describeSimple(rule, false);
    if (simple !== undefined) return simple;
  }
  // An unknown rule shape: show it rather than guess.
  const { Next: _next, ...rest } = rule;
  return JSON.stringify(rest);
}

/**
 * Describes a Choice rule in a line a reader understands: `size >= 2000000`, `size is not numeric`,
 * `(size >= 1 and size < 10) or name == "x"`, or a JSONata `Condition`'s expression.
 */
export function describeChoiceRule(rule: object): string {
  return describe(rule as Rule, false);
}
