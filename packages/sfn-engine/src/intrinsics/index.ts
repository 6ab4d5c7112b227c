// PLACEHOLDER (replaced by the intrinsics module): the contract the interpreter codes against.
import { StatesError } from '../errors.js';

/** How an intrinsic reads its path arguments (`$.x`, `$$.Execution.Id`, `$var.x`). */
export interface IntrinsicScope {
  /** Resolves a JSONPath argument; throws StatesError when it does not resolve. */
  resolvePath(path: string): unknown;
}

/** True for a string that is an intrinsic function call (`States.Format(...)` etc.). */
export function isIntrinsicCall(value: unknown): value is string {
  return typeof value === 'string' && /^States\.[A-Za-z0-9]+\(/.test(value.trim());
}

/** Evaluates one intrinsic function call; failures are StatesError('States.IntrinsicFailure', AWS's text). */
export function evaluateIntrinsic(expression: string, _scope: IntrinsicScope): unknown {
  throw new StatesError('States.IntrinsicFailure', `Intrinsic functions are not implemented yet: ${expression}`);
}
