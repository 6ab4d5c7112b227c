/**
 * `States.*` intrinsic functions (JSONPath states): parse once, evaluate against a scope that
 * resolves the path arguments.
 */
import { StatesError } from '../errors.js';
import { INTRINSICS } from './functions.js';
import { ArgumentError } from './operations.js';
import { parseIntrinsic, type CallArgument, type IntrinsicArgument } from './parser.js';

export { IntrinsicSyntaxError, parseIntrinsic } from './parser.js';
export type { CallArgument, IntrinsicArgument, LiteralArgument, PathArgument, StringArgument } from './parser.js';
export { INTRINSIC_ARITY, type IntrinsicName } from './arity.js';

/** How an intrinsic reads its path arguments (`$.x`, `$$.Execution.Id`, `$var.x`). */
export interface IntrinsicScope {
  /** Resolves a JSONPath argument; throws StatesError when it does not resolve. */
  resolvePath(path: string): unknown;
}

/**
 * True for a string that is an intrinsic function call (`States.Format(...)` etc.). Says nothing
 * about validity: parseIntrinsic does.
 */
export function isIntrinsicCall(value: unknown): value is string {
  return typeof value === 'string' && /^States\.[A-Za-z0-9]+\(/.test(value.trim());
}

// Definitions are evaluated again and again (every Map item): parse each text once.
const parsed = new Map<string, CallArgument>();
const PARSED_CACHE_LIMIT = 10_000;

function parseCached(expression: string): CallArgument {
  let call = parsed.get(expression);
  if (!call) {
    call = parseIntrinsic(expression);
    if (parsed.size >= PARSED_CACHE_LIMIT) parsed.clear();
    parsed.set(expression, call);
  }
  return call;
}

/**
 * Evaluates one intrinsic function call. Failures of the function itself throw
 * `StatesError('States.IntrinsicFailure', text)`: AWS's wording is not recorded in the corpus, so
 * the text is ours (`Invalid arguments in States.<Name>: <what is wrong>`). A path argument that
 * does not resolve throws whatever `scope.resolvePath` throws. A call that does not parse (which
 * the definition validator should have refused) also throws States.IntrinsicFailure.
 */
export function evaluateIntrinsic(expression: string, scope: IntrinsicScope): unknown {
  let call: CallArgument;
  try {
    call = parseCached(expression);
  } catch (error) {
    throw new StatesError('States.IntrinsicFailure', (error as Error).message);
  }
  return evaluateCall(call, scope);
}

function evaluateCall(call: CallArgument, scope: IntrinsicScope): unknown {
  const args = call.args.map((arg) => evaluateArgument(arg, scope));
  const template = call.name === 'Format' && call.args[0]?.type === 'string' ? call.args[0].templateParts : undefined;
  try {
    return INTRINSICS[call.name](args, template);
  } catch (error) {
    if (error instanceof ArgumentError) {
      throw new StatesError('States.IntrinsicFailure', `Invalid arguments in States.${call.name}: ${error.message}`);
    }
    throw error;
  }
}

function evaluateArgument(arg: IntrinsicArgument, scope: IntrinsicScope): unknown {
  switch (arg.type) {
    case 'string':
    case 'literal':
      return arg.value;
    case 'path':
      return scope.resolvePath(arg.path);
    case 'call':
      return evaluateCall(arg, scope);
  }
}

/**
 * The workflow variables an intrinsic call reads (`$name`, `$name.field` arguments, at any
 * nesting), for DescribeStateMachine's `variableReferences`. Throws IntrinsicSyntaxError when the
 * call does not parse.
 */
export function intrinsicVariableReferences(expression: string): string[] {
  const names = new Set<string>();
  const visit = (arg: IntrinsicArgument): void => {
    if (arg.type === 'call') arg.args.forEach(visit);
    else if (arg.type === 'path') {
      const name = pathVariableName(arg.path);
      if (name !== undefined) names.add(name);
    }
  };
  visit(parseCached(expression));
  return [...names];
}

/**
 * The variable a JSONPath-style reference names: `$var` / `$var.x` / `$var[0]` → `var`; `$`, `$.x`,
 * `$$...` → undefined. Textual, as AWS's paths are.
 */
export function pathVariableName(path: string): string | undefined {
  return /^\$([^\s.[$'"]+)/u.exec(path.trim())?.[1];
}
