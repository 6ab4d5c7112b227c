import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const runFile = promisify(execFile);

/**
 * The current environment minus every SIZEGATE_ variable and the given names (as on a function
 * configured with none), plus `extra`; Powertools is silenced.
 */
export function environmentWithout(names: readonly string[] = [], extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' };
  for (const name of Object.keys(env)) {
    if (name.startsWith('SIZEGATE_') || names.includes(name)) delete env[name];
  }
  return { ...env, ...extra };
}

/**
 * Runs an ES module snippet in a fresh node process (a cold start, as Lambda would do it); the
 * snippet reports with one stdout line `RESULT <json>`, which is returned parsed.
 */
export async function runModuleInNode(script: string, env: NodeJS.ProcessEnv = environmentWithout(), cwd?: string): Promise<unknown> {
  const { stdout } = await runFile(process.execPath, ['--input-type=module', '-e', script], {
    env,
    timeout: 20_000,
    ...(cwd === undefined ? {} : { cwd }),
  });
  const line = stdout.split('\n').find((text) => text.startsWith('RESULT '));
  if (line === undefined) throw new Error(`the child process reported nothing; stdout:\n${stdout}`);
  return JSON.parse(line.slice('RESULT '.length));
}

/**
 * Every package a fresh node process resolves while it imports `specifier` (bare specifiers only,
 * built-ins left out), in first-seen order: what a light entry point such as
 * `@sizegate/check-size/config` may load is then a plain list to assert on. `cwd` is where
 * `specifier` is resolved from (a package's own directory resolves its own name and exports).
 */
export async function packagesImportedBy(specifier: string, cwd: string): Promise<string[]> {
  const script = `
    import { isBuiltin, registerHooks } from 'node:module';
    const seen = new Set();
    registerHooks({
      resolve(specifier, context, nextResolve) {
        if (!/^(\\.|\\/|[a-z]+:)/.test(specifier) && !isBuiltin(specifier)) seen.add(specifier);
        return nextResolve(specifier, context);
      },
    });
    await import(${JSON.stringify(specifier)});
    console.log('RESULT ' + JSON.stringify([...seen]));
  `;
  return (await runModuleInNode(script, environmentWithout(), cwd)) as string[];
}
