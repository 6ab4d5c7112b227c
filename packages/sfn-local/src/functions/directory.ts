import { ConfigurationError, type LoggerLike } from '@sizegate/types';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { FUNCTION_NAME } from './reference.js';

/** The module extensions a function file may have; Node.js decides ESM or CommonJS as it always does. */
export const MODULE_EXTENSIONS = ['.mjs', '.cjs', '.js'] as const;

/** What `<name>.json` beside a function file may set. */
export interface FunctionFileConfig {
  readonly timeoutSeconds?: number;
  readonly memorySize?: number;
  readonly environment?: Readonly<Record<string, string>>;
}

export interface DirectoryFunction {
  readonly name: string;
  /** The module file (absolute). */
  readonly path: string;
  readonly config: FunctionFileConfig;
}

/** Lambda's limits: Timeout 1–900 s, MemorySize 128–10240 MB. */
const LIMITS = { timeout: [1, 900], memorySize: [128, 10_240] } as const;

/**
 * Reads `serve --functions DIR`: every `<name>.mjs`, `.cjs` or `.js` is the Lambda function
 * `<name>`, configured by an optional `<name>.json` (`timeout`, `memorySize`, `environment`).
 * Problems are collected and thrown as one ConfigurationError naming the files: two module files
 * for one name, a config that is not JSON or sets something else. Files whose name is not a
 * function name (`lib.utils.mjs`) and configs without a module (except `package.json`) are
 * skipped with a warning.
 */
export function readFunctionsDirectory(directory: string, logger: LoggerLike): DirectoryFunction[] {
  const root = resolve(directory);
  let entries: string[];
  try {
    entries = readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isFile() || entry.isSymbolicLink())
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new ConfigurationError(`Cannot read the functions directory ${root}: ${(error as Error).message}`);
  }
  const modules = new Map<string, string[]>();
  const configs = new Set<string>();
  for (const file of entries) {
    const extension = extname(file);
    const name = file.slice(0, -extension.length);
    if (extension === '.json') configs.add(name);
    if (!(MODULE_EXTENSIONS as readonly string[]).includes(extension)) continue;
    if (!FUNCTION_NAME.test(name)) {
      logger.warn('Skipped a file of the functions directory: its name is not a Lambda function name', {
        file: join(root, file),
        rule: 'letters, digits, - and _, up to 64 characters',
      });
      continue;
    }
    modules.set(name, [...(modules.get(name) ?? []), file]);
  }
  const problems: string[] = [];
  const functions: DirectoryFunction[] = [];
  for (const [name, files] of modules) {
    if (files.length > 1) {
      problems.push(`function "${name}" has ${files.length} files: ${files.map((file) => join(root, file)).join(' and ')}; keep one`);
      continue;
    }
    const config = configs.has(name) ? readConfig(join(root, `${name}.json`), problems) : {};
    functions.push({ name, path: join(root, files[0] as string), config });
  }
  for (const name of configs) {
    if (!modules.has(name) && name !== 'package') {
      logger.warn('Skipped a function config without a function file', { file: join(root, `${name}.json`) });
    }
  }
  if (problems.length > 0) {
    throw new ConfigurationError(
      `The functions directory ${root} cannot be used:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  return functions;
}

function readConfig(file: string, problems: string[]): FunctionFileConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file} is not JSON: ${(error as Error).message}`);
    return {};
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push(`${file} must hold an object such as {"timeout": 30, "memorySize": 256, "environment": {"NAME": "value"}}`);
    return {};
  }
  const { timeout, memorySize, environment, ...unknown } = parsed as Record<string, unknown>;
  for (const key of Object.keys(unknown)) problems.push(`${file}: unknown setting "${key}" (timeout, memorySize and environment are read)`);
  const config: { timeoutSeconds?: number; memorySize?: number; environment?: Record<string, string> } = {};
  if (timeout !== undefined) {
    if (isIntegerIn(timeout, LIMITS.timeout)) config.timeoutSeconds = timeout;
    else problems.push(`${file}: "timeout" must be a whole number of seconds from 1 to 900 (got ${JSON.stringify(timeout)})`);
  }
  if (memorySize !== undefined) {
    if (isIntegerIn(memorySize, LIMITS.memorySize)) config.memorySize = memorySize;
    else problems.push(`${file}: "memorySize" must be a whole number of MB from 128 to 10240 (got ${JSON.stringify(memorySize)})`);
  }
  if (environment !== undefined) {
    const valid =
      environment !== null &&
      typeof environment === 'object' &&
      !Array.isArray(environment) &&
      Object.values(environment).every((value) => typeof value === 'string');
    if (valid) config.environment = environment as Record<string, string>;
    else problems.push(`${file}: "environment" must be an object of string values (got ${JSON.stringify(environment)})`);
  }
  return config;
}

function isIntegerIn(value: unknown, [min, max]: readonly [number, number]): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
