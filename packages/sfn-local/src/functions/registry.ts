/**
 * CONTRACT (implementation pending): the Lambda functions a local Step Functions service can call,
 * keyed by function name, resolved from a Task's `Resource` / `FunctionName` as Lambda resolves
 * them. Filled from `serve --functions DIR` (`DIR/<name>.mjs|.cjs|.js` exporting `handler`, with an
 * optional `DIR/<name>.json` for `timeout`, `memorySize`, `environment`) and from
 * `lambdaFunctions` given programmatically (a handler function or a module path).
 */
import type { LocalFunctionHandler } from '../lambda/invoke.js';

/** What Lambda knows of a function besides its code. */
export interface FunctionConfig {
  /** The function's own Lambda timeout. @default 60 (documented local default) */
  readonly timeoutSeconds: number;
  /** MB. @default 128 */
  readonly memorySize: number;
  /** Set in `process.env` for the handler's invocations. @default {} */
  readonly environment: Readonly<Record<string, string>>;
}

export interface LocalLambdaFunction {
  readonly name: string;
  /** `arn:aws:lambda:<region>:<account>:function:<name>` (unqualified). */
  readonly arn: string;
  readonly config: FunctionConfig;
  /** The module file the handler comes from, when it comes from one. */
  readonly path?: string;
  /** The handler to call now: a changed file is loaded again for the next invocation. */
  load(): Promise<LocalFunctionHandler>;
}

/** A reference that resolved: the function and the qualifier (`$LATEST`, a version or an alias) it named. */
export interface ResolvedFunction {
  readonly fn: LocalLambdaFunction;
  readonly qualifier: string | undefined;
}

export interface FunctionRegistry {
  /**
   * Resolves a function name, partial ARN (`<account>:function:<name>`), or full ARN, each with an
   * optional `:qualifier`, as Lambda does. An ARN for another region or account does not match.
   * `undefined` when there is no such function (the caller fails the Task with
   * `Lambda.ResourceNotFoundException`, as on AWS).
   */
  resolve(reference: string): ResolvedFunction | undefined;
  list(): readonly LocalLambdaFunction[];
}

/** One programmatic function: a handler, a module path exporting `handler`, or either with config. */
export type LambdaFunctionSource =
  | LocalFunctionHandler
  | string
  | ({ readonly handler: LocalFunctionHandler | string } & Partial<FunctionConfig>);

export interface FunctionRegistryOptions {
  readonly region: string;
  readonly accountId: string;
  /** `serve --functions DIR`. Two files for one name are an error at start. */
  readonly directory?: string;
  /** `startLocal({ lambdaFunctions })`: function name → source. A name in both places is an error. */
  readonly functions?: Readonly<Record<string, LambdaFunctionSource>>;
}
