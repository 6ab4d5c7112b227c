import { type Invoke, LambdaError } from '@sizegate/sfn-engine';
import type { ArnScope } from '../arns.js';
import type { ExecutionFaults } from '../faults.js';
import type { FunctionRegistry, LocalLambdaFunction } from '../functions/registry.js';
import { fullFunctionArnOf } from '../functions/reference.js';
import { createLambdaContext } from './context.js';
import { invokeLocalFunction } from './invoke.js';

export interface TaskInvokeOptions {
  readonly scope: ArnScope;
  /** Every Lambda function by name. */
  readonly functions: FunctionRegistry;
  /** Functions bound to Task states by name (a service's `functions` option): used before the registry. */
  readonly stateFunctions?: ReadonlyMap<string, LocalLambdaFunction>;
  /** The faults of this execution, counted per Task state. */
  readonly faults?: ExecutionFaults;
  /** Sees every handler run, so a shutdown can wait for the ones still going. */
  readonly track?: (running: Promise<unknown>) => void;
}

/**
 * The engine's `invoke` for one execution: an injected fault fails the attempt before anything
 * runs (as when the Lambda service fails the invoke); otherwise the Task state's bound function,
 * or the function the reference names, runs through `invokeLocalFunction`. A reference to no
 * function fails as on AWS (`Lambda.ResourceNotFoundException`).
 */
export function createTaskInvoke(options: TaskInvokeOptions): Invoke {
  return async (request, { signal }) => {
    const { stateName } = request.context;
    const injected = options.faults?.nextAttempt(stateName);
    if (injected) throw new LambdaError({ errorType: injected.error, errorMessage: injected.cause, document: injected.cause });
    const bound = options.stateFunctions?.get(stateName);
    const resolved = bound ? { fn: bound, qualifier: undefined } : options.functions.resolve(request.functionName);
    if (!resolved) throw LambdaError.functionNotFound(fullFunctionArnOf(options.scope, request.functionName));
    const { fn, qualifier } = resolved;
    const context = createLambdaContext({
      functionName: fn.name,
      invokedFunctionArn: qualifier === undefined ? fn.arn : `${fn.arn}:${qualifier}`,
      timeoutMs: fn.config.timeoutSeconds * 1000,
      memorySize: fn.config.memorySize,
    });
    const outcome = await invokeLocalFunction({
      fn,
      event: request.payload,
      context,
      signal,
      ...(options.track ? { track: options.track } : {}),
    });
    if (outcome.ok) return outcome.result;
    throw new LambdaError({ errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage, trace: outcome.error.trace });
  };
}
