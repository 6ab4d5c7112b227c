/**
 * Static analysis of JSONata expressions with jsonata's own parser (`jsonata(expr).ast()`), for the
 * definition validator and DescribeStateMachine's `variableReferences`.
 */
import jsonata from 'jsonata';

/** JSONata 2.0.6's built-in functions and AWS's additions: names that are not workflow variables. */
const FUNCTION_NAMES = new Set(
  (
    'sum count max min average string substring substringBefore substringAfter lowercase uppercase length trim pad ' +
    'match contains replace split join formatNumber formatBase formatInteger parseInteger number floor ceil round abs ' +
    'sqrt power random boolean not map zip filter single reduce sift keys lookup append exists spread merge reverse ' +
    'each error assert type sort shuffle distinct base64encode base64decode encodeUrlComponent encodeUrl ' +
    'decodeUrlComponent decodeUrl eval toMillis fromMillis clone now millis partition range hash uuid parse'
  ).split(' '),
);

/** The reserved variable: `$states.input`, `.context`, `.result`, `.errorOutput`. */
const STATES = 'states';

type Node = { readonly type?: string; readonly [key: string]: unknown };

/** A problem the definition validator reports for one expression. */
export interface JsonataDiagnostic {
  /** AWS's diagnostic code for the kind of problem. */
  readonly code: 'INVALID_JSONATA_EXPRESSION' | 'UNSUPPORTED_JSONATA_EXPRESSION';
  readonly message: string;
}

/**
 * Parses an expression (the text inside `{% %}`); a syntax error comes back as a diagnostic whose
 * message is JSONata's without its code (third parties saw AWS report e.g. `Expected "]", got ","`
 * for `a[1,2)` this way, floci-io/floci#2745). Returns the AST when it parses.
 */
export function parseJsonata(expression: string): { ast: Node } | { diagnostic: JsonataDiagnostic } {
  try {
    return { ast: jsonata(expression).ast() as Node };
  } catch (error) {
    const message = (error as { message?: unknown }).message;
    return { diagnostic: { code: 'INVALID_JSONATA_EXPRESSION', message: typeof message === 'string' ? message : String(error) } };
  }
}

/**
 * The workflow variables an expression reads, sorted: every `$name` except `$states`, `$` and `$$`,
 * names bound inside the expression (`$x := ...`, lambda parameters, `@$x`/`#$i` bindings), and
 * JSONata's and AWS's function names. An expression that does not parse reads nothing.
 */
export function jsonataVariableReferences(expression: string): string[] {
  const parsed = parseJsonata(expression);
  if (!('ast' in parsed)) return [];
  const names = new Set<string>();
  walkVariables(parsed.ast, [new Set()], (name) => names.add(name));
  return [...names].sort();
}

/**
 * The members of `$states` an expression reads (`input`, `context`, `result`, `errorOutput`);
 * `*` when it uses `$states` other than as `$states.<member>` (so any member may be read). AWS
 * refuses `$states.result` / `$states.errorOutput` where a state has no result / error (AWS docs,
 * "Reserved variable: $states"; the refusal's wording is not recorded).
 */
export function jsonataStatesReferences(expression: string): string[] {
  const parsed = parseJsonata(expression);
  if (!('ast' in parsed)) return [];
  const members = new Set<string>();
  visit(parsed.ast, (node, parent) => {
    if (node.type !== 'variable' || node.value !== STATES) return;
    const steps = parent?.type === 'path' ? (parent.steps as Node[]) : undefined;
    const next = steps && steps[0] === node ? steps[1] : undefined;
    members.add(next?.type === 'name' ? String(next.value) : '*');
  });
  return [...members].sort();
}

/**
 * Problems AWS refuses at CreateStateMachine for one expression: it does not parse
 * (INVALID_JSONATA_EXPRESSION), or it reads a field of the context item at the top level, where
 * Step Functions gives JSONata no context (`phone` instead of `$states.input.phone`):
 * UNSUPPORTED_JSONATA_EXPRESSION `Reference to 'phone' at the top level is not supported.` (the
 * wording third parties measured on AWS, floci-io/floci#2670; not recorded in our corpus). The
 * validator adds AWS's ` at /States/<state>/<field>` location.
 */
export function checkJsonataExpression(expression: string): JsonataDiagnostic[] {
  const parsed = parseJsonata(expression);
  if (!('ast' in parsed)) return [parsed.diagnostic];
  const names = new Set<string>();
  walkTopLevel(parsed.ast, (name) => names.add(name));
  return [...names].map((name) => ({
    code: 'UNSUPPORTED_JSONATA_EXPRESSION',
    message: `Reference to '${name}' at the top level is not supported.`,
  }));
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Calls `onNode` for every AST node, with its parent node. */
function visit(value: unknown, onNode: (node: Node, parent: Node | undefined) => void, parent?: Node): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, onNode, parent);
    return;
  }
  if (!isNode(value)) return;
  if (typeof value.type === 'string') onNode(value, parent);
  const next = typeof value.type === 'string' ? value : parent;
  for (const [key, child] of Object.entries(value)) if (key !== 'value' || typeof child === 'object') visit(child, onNode, next);
}

function walkVariables(value: unknown, scopes: Set<string>[], onName: (name: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkVariables(item, scopes, onName);
    return;
  }
  if (!isNode(value)) return;
  const scope = scopes.at(-1);
  if (scope === undefined) throw new Error('walkVariables needs at least the outermost scope');
  const bound = (name: string) => scopes.some((frame) => frame.has(name));
  switch (value.type) {
    case 'variable': {
      const name = String(value.value);
      if (name !== '' && name !== '$' && name !== STATES && !FUNCTION_NAMES.has(name) && !bound(name)) onName(name);
      break;
    }
    case 'bind': {
      walkVariables(value.rhs, scopes, onName);
      scope.add(String((value.lhs as Node).value));
      return;
    }
    case 'lambda': {
      const parameters = new Set((value.arguments as Node[]).map((parameter) => String(parameter.value)));
      walkVariables(value.body, [...scopes, parameters], onName);
      return;
    }
    case 'block': {
      walkVariables(value.expressions, [...scopes, new Set()], onName);
      return;
    }
    case 'function':
    case 'partial': {
      // `$fn(...)` calls a function; a workflow variable never holds one.
      const procedure = value.procedure as Node;
      if (procedure.type !== 'variable') walkVariables(procedure, scopes, onName);
      walkVariables(value.arguments, scopes, onName);
      return;
    }
  }
  if (typeof value.focus === 'string') scope.add(value.focus);
  if (typeof value.index === 'string') scope.add(value.index);
  for (const [key, child] of Object.entries(value)) if (key !== 'value') walkVariables(child, scopes, onName);
}

/**
 * Names read from the context item at the top level: a bare name, or the first step of a path that
 * starts with a name. Filters, sort terms and later path steps have their own context and are
 * skipped.
 */
function walkTopLevel(value: unknown, onName: (name: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkTopLevel(item, onName);
    return;
  }
  if (!isNode(value)) return;
  switch (value.type) {
    case 'name':
      onName(String(value.value));
      return;
    case 'path': {
      const [first] = value.steps as Node[];
      if (first) walkTopLevel(first.type === 'name' ? first : stripStages(first), onName);
      return;
    }
    case 'lambda':
      walkTopLevel(value.body, onName);
      return;
  }
  for (const [key, child] of Object.entries(value))
    if (key !== 'value' && key !== 'stages' && key !== 'predicate' && key !== 'group') walkTopLevel(child, onName);
}

function stripStages(step: Node): Node {
  const { stages: _stages, predicate: _predicate, group: _group, ...rest } = step;
  return rest;
}
