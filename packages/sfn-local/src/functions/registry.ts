/**
 * The Lambda functions a local Step Functions service can call, keyed by function name and
 * resolved from a Task's `Resource` / `FunctionName` as Lambda resolves them. Filled from
 * `serve --functions DIR` (`DIR/<name>.mjs|.cjs|.js` exporting `handler`, with an optional
 * `DIR/<name>.json` for `timeout`, `memorySize`, `environment`) and from `lambdaFunctions` given
 * programmatically (a handler function or a module path).
 */
import { ConfigurationError, type LoggerLike } from '@sizegate/types';
import { isAbsolute, resolve } from 'node:path';
import type { LocalFunctionHandler } from '../lambda/handler.js';
import { readFunctionsDirectory } from './directory.js';
import { moduleHandler } from './module-handler.js';
import { FUNCTION_NAME, functionArnOf, parseFunctionReference } from './reference.js';

/** What Lambda knows of a function besides its code. */
export interface FunctionConfig {
  /** The function's own Lambda timeout. @default 60 (a local default: Lambda's own is 3 s) */
  readonly timeoutSeconds: number;
  /** MB, reported to the handler as `context.memoryLimitInMB` (not enforced in process). @default 128 */
  readonly memorySize: number;
  /** Set in `process.env` for the handler's invocations. @default {} */
  readonly environment: Readonly<Record<string, string>>;
}

export const DEFAULT_FUNCTION_CONFIG: FunctionConfig = { timeoutSeconds: 60, memorySize: 128, environment: {} };

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
  /** Where skipped files are reported. @default silent */
  readonly logger?: LoggerLike;
}

const silent: LoggerLike = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Builds the registry: reads the directory and checks every programmatic entry at once, throwing
 * one ConfigurationError that names the problem (two files for one name, a name given twice, a
 * bad name or config). Modules are imported on first invocation, not here.
 */
export function createFunctionRegistry(options: FunctionRegistryOptions): FunctionRegistry {
  const scope = { region: options.region, accountId: options.accountId };
  const byName = new Map<string, LocalLambdaFunction>();
  if (options.directory !== undefined) {
    for (const found of readFunctionsDirectory(options.directory, options.logger ?? silent)) {
      const config = { ...DEFAULT_FUNCTION_CONFIG, ...found.config };
      byName.set(found.name, fromModule(found.name, functionArnOf(scope, found.name), found.path, config));
    }
  }
  for (const [name, source] of Object.entries(options.functions ?? {})) {
    if (!FUNCTION_NAME.test(name)) {
      throw new ConfigurationError(`lambdaFunctions: "${name}" is not a Lambda function name (letters, digits, - and _, up to 64)`);
    }
    const existing = byName.get(name);
    if (existing) {
      throw new ConfigurationError(`Lambda function "${name}" is given twice: in lambdaFunctions and as ${existing.path ?? 'a file'}`);
    }
    byName.set(name, fromSource(name, functionArnOf(scope, name), source));
  }
  return {
    resolve(reference) {
      const parsed = parseFunctionReference(reference);
      if (parsed === undefined) return undefined;
      if (parsed.region !== undefined && parsed.region !== scope.region) return undefined;
      if (parsed.accountId !== undefined && parsed.accountId !== scope.accountId) return undefined;
      const fn = byName.get(parsed.name);
      return fn === undefined ? undefined : { fn, qualifier: parsed.qualifier };
    },
    list: () => [...byName.values()],
  };
}

function fromSource(name: string, arn: string, source: LambdaFunctionSource): LocalLambdaFunction {
  const { handler, ...partial } = typeof source === 'object' ? source : { handler: source };
  const config = checkedConfig(name, { ...DEFAULT_FUNCTION_CONFIG, ...partial });
  if (typeof handler === 'function') return { name, arn, config, load: async () => handler };
  if (typeof handler !== 'string' || handler === '') {
    throw new ConfigurationError(`lambdaFunctions.${name}: give a handler function or the path of a module exporting "handler"`);
  }
  return fromModule(name, arn, isAbsolute(handler) ? handler : resolve(handler), config);
}

function fromModule(name: string, arn: string, path: string, config: FunctionConfig): LocalLambdaFunction {
  // Module-level code may read the environment, so it is set before each import too.
  return { name, arn, config, path, load: moduleHandler(path, () => Object.assign(process.env, config.environment)) };
}

function checkedConfig(name: string, config: FunctionConfig): FunctionConfig {
  const { timeoutSeconds, memorySize, environment } = config;
  const problems: string[] = [];
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 900) problems.push('timeoutSeconds must be 1–900');
  if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) problems.push('memorySize must be 128–10240');
  if (typeof environment !== 'object' || environment === null || !Object.values(environment).every((v) => typeof v === 'string')) {
    problems.push('environment must be an object of strings');
  }
  if (problems.length > 0) throw new ConfigurationError(`lambdaFunctions.${name}: ${problems.join('; ')}`);
  return config;
}
