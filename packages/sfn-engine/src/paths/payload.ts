/**
 * Payload templates (Parameters, ItemSelector, ResultSelector, JSONPath Assign): keys ending in
 * `.$` take a path or an intrinsic function call; everything else is copied as written.
 */
import { evaluateIntrinsic, isIntrinsicCall, type IntrinsicScope } from '../intrinsics/index.js';
import { detachText } from '../runtime/json-text.js';
import { pathNotFoundInInput } from './errors.js';
import { resolveIn, type PathScope } from './scope.js';

export function intrinsicScope(scope: PathScope): IntrinsicScope {
  return {
    resolvePath(path: string): unknown {
      const result = resolveIn(scope, path);
      if (!result.found) throw pathNotFoundInInput(path, path, scope.input);
      return result.value;
    },
  };
}

/** Resolves one `key.$` value: an intrinsic call or a path. */
export function resolveDynamicValue(value: string, field: string, scope: PathScope): unknown {
  if (isIntrinsicCall(value)) return evaluateIntrinsic(value, intrinsicScope(scope));
  const result = resolveIn(scope, value);
  if (!result.found) throw pathNotFoundInInput(value, field, scope.input);
  return result.value;
}

export function evaluatePayloadTemplate(template: unknown, scope: PathScope): unknown {
  if (Array.isArray(template)) return template.map((item) => evaluatePayloadTemplate(item, scope));
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') out[key.slice(0, -2)] = detachText(resolveDynamicValue(value, key, scope));
    else out[key] = evaluatePayloadTemplate(value, scope);
  }
  return out;
}
