import { ConfigurationError } from '@sizegate/types';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFunctionRegistry } from '../../src/functions/registry.js';
import { recordingLogger } from '../helpers/fixtures.js';

const SCOPE = { region: 'us-east-1', accountId: '111111111111' };
const ARN = 'arn:aws:lambda:us-east-1:111111111111:function:echo';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sizegate-functions-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a module file and moves its modification time on, so a rewrite within one millisecond still counts as a change. */
function writeModule(name: string, text: string, secondsAhead = 0): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  const when = new Date(Date.now() + secondsAhead * 1000);
  utimesSync(path, when, when);
  return path;
}

async function call(registry: ReturnType<typeof createFunctionRegistry>, reference: string, event: unknown = {}) {
  const resolved = registry.resolve(reference);
  if (!resolved) throw new Error(`${reference} did not resolve`);
  return (await resolved.fn.load())(event as never, {} as never);
}

describe('resolve', () => {
  it('finds a function by name, partial ARN and ARN, each with or without a qualifier, as Lambda does', () => {
    // Prepare
    const registry = createFunctionRegistry({ ...SCOPE, functions: { echo: async (event: never) => event } });

    // Act
    const resolved = ['echo', 'echo:live', '111111111111:function:echo', '111111111111:function:echo:$LATEST', ARN, `${ARN}:7`].map(
      (reference) => {
        const found = registry.resolve(reference);
        return [found?.fn.name, found?.qualifier];
      },
    );

    // Assess
    expect(resolved).toEqual([
      ['echo', undefined],
      ['echo', 'live'],
      ['echo', undefined],
      ['echo', '$LATEST'],
      ['echo', undefined],
      ['echo', '7'],
    ]);
    expect(registry.resolve('echo')?.fn.arn).toBe(ARN);
  });

  it('matches no ARN of another region or account, no other name and no malformed reference', () => {
    // Prepare
    const registry = createFunctionRegistry({ ...SCOPE, functions: { echo: async (event: never) => event } });

    // Act
    const resolved = [
      'arn:aws:lambda:eu-west-1:111111111111:function:echo',
      'arn:aws:lambda:us-east-1:222222222222:function:echo',
      '222222222222:function:echo',
      'other',
      'echo:a:b',
      'arn:aws:states:us-east-1:111111111111:stateMachine:echo',
    ].map((reference) => registry.resolve(reference));

    // Assess
    expect(resolved).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('a functions directory', () => {
  it('makes each <name>.mjs/.cjs/.js a function, configured by <name>.json, and skips what is not a function', async () => {
    // Prepare
    writeModule('esm.mjs', 'export const handler = async (event) => ({ esm: event.v, env: process.env.SIZEGATE_TEST_DIR_ENV });');
    writeModule('cjs.cjs', 'exports.handler = async (event) => ({ cjs: event.v });');
    writeModule('plain.js', 'module.exports.handler = async () => "commonjs by default";');
    writeFileSync(
      join(dir, 'esm.json'),
      JSON.stringify({ timeout: 5, memorySize: 256, environment: { SIZEGATE_TEST_DIR_ENV: 'from json' } }),
    );
    writeFileSync(join(dir, 'package.json'), '{}');
    writeModule('not.a.name.mjs', 'export const handler = () => 1;');
    const logger = recordingLogger();

    // Act
    const registry = createFunctionRegistry({ ...SCOPE, directory: dir, logger });
    const results = [await call(registry, 'esm', { v: 1 }), await call(registry, 'cjs', { v: 2 }), await call(registry, 'plain')];

    // Assess
    expect(registry.list().map((fn) => fn.name)).toEqual(['cjs', 'esm', 'plain']);
    expect(registry.resolve('esm')?.fn.config).toEqual({
      timeoutSeconds: 5,
      memorySize: 256,
      environment: { SIZEGATE_TEST_DIR_ENV: 'from json' },
    });
    expect(registry.resolve('cjs')?.fn.config).toEqual({ timeoutSeconds: 60, memorySize: 128, environment: {} });
    expect(results).toEqual([{ esm: 1, env: 'from json' }, { cjs: 2 }, 'commonjs by default']);
    expect(logger.lines.map((line) => [line.message, line.attributes.file])).toEqual([
      ['Skipped a file of the functions directory: its name is not a Lambda function name', join(dir, 'not.a.name.mjs')],
    ]);
    delete process.env.SIZEGATE_TEST_DIR_ENV;
  });

  it('uses a changed file from the next invocation on, ES module and CommonJS alike', async () => {
    // Prepare
    writeModule('esm.mjs', 'export const handler = async () => "v1";');
    writeModule('cjs.cjs', 'exports.handler = async () => "v1";');
    const registry = createFunctionRegistry({ ...SCOPE, directory: dir });
    const before = [await call(registry, 'esm'), await call(registry, 'cjs')];

    // Act
    writeModule('esm.mjs', 'export const handler = async () => "v2";', 5);
    writeModule('cjs.cjs', 'exports.handler = async () => "v2";', 5);
    const after = [await call(registry, 'esm'), await call(registry, 'cjs')];

    // Assess
    expect(before).toEqual(['v1', 'v1']);
    expect(after).toEqual(['v2', 'v2']);
  });

  it('refuses two files for one name, naming both, and a config it cannot use, naming the file and setting', () => {
    // Prepare
    writeModule('twice.mjs', 'export const handler = () => 1;');
    writeModule('twice.js', 'exports.handler = () => 1;');
    writeModule('configured.mjs', 'export const handler = () => 1;');
    writeFileSync(join(dir, 'configured.json'), JSON.stringify({ timeout: 0, memory: 1 }));

    // Act
    const attempt = () => createFunctionRegistry({ ...SCOPE, directory: dir });

    // Assess
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(`function "twice" has 2 files: ${join(dir, 'twice.js')} and ${join(dir, 'twice.mjs')}; keep one`);
    expect(attempt).toThrow(`${join(dir, 'configured.json')}: unknown setting "memory"`);
    expect(attempt).toThrow(`${join(dir, 'configured.json')}: "timeout" must be a whole number of seconds from 1 to 900 (got 0)`);
  });

  it('fails an invocation of a module without a handler export as the Lambda runtime does', async () => {
    // Prepare
    writeModule('nohandler.mjs', 'export const other = () => 1;');
    const registry = createFunctionRegistry({ ...SCOPE, directory: dir });

    // Act
    const error = await registry
      .resolve('nohandler')!
      .fn.load()
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ errorType: 'Runtime.HandlerNotFound', message: 'nohandler.handler is undefined or not exported' });
  });
});

describe('lambdaFunctions', () => {
  it('takes a handler, a module path, or either with config; a name given twice or a bad one is refused', async () => {
    // Prepare
    const path = writeModule('from-path.mjs', 'export const handler = async () => "from a path";');
    writeModule('dup.mjs', 'export const handler = () => 1;');

    // Act
    const registry = createFunctionRegistry({
      ...SCOPE,
      functions: { fn: async () => 'a function', path, configured: { handler: path, timeoutSeconds: 3 } },
    });
    const twice = () => createFunctionRegistry({ ...SCOPE, directory: dir, functions: { dup: async () => 1 } });
    const badName = () => createFunctionRegistry({ ...SCOPE, functions: { 'bad name': async () => 1 } });
    const badConfig = () => createFunctionRegistry({ ...SCOPE, functions: { f: { handler: async () => 1, timeoutSeconds: 901 } } });

    // Assess
    expect([await call(registry, 'fn'), await call(registry, 'path'), await call(registry, 'configured')]).toEqual([
      'a function',
      'from a path',
      'from a path',
    ]);
    expect(registry.resolve('configured')?.fn.config.timeoutSeconds).toBe(3);
    expect(twice).toThrow(`Lambda function "dup" is given twice: in lambdaFunctions and as ${join(dir, 'dup.mjs')}`);
    expect(badName).toThrow('lambdaFunctions: "bad name" is not a Lambda function name');
    expect(badConfig).toThrow('lambdaFunctions.f: timeoutSeconds must be 1–900');
  });
});
