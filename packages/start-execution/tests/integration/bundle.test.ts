import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The pre-built Lambda bundle, as deployed with Code.fromAsset(bundleDir), handler "index.handler".
// turbo's test task depends on build; run alone, build first (this test fails, never skips, without it).
const BUILD_COMMAND = 'npx -y pnpm@12.4.2 --filter @sizegate/start-execution build';
const bundleFile = fileURLToPath(new URL('../../dist/bundle/index.mjs', import.meta.url));
const bundleDirModule = fileURLToPath(new URL('../../dist/bundle-dir.js', import.meta.url));
const runFile = promisify(execFile);
const ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:sizegate';

/** The environment minus every SIZEGATE_ variable, plus `extra`. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' };
  for (const name of Object.keys(env)) {
    if (name.startsWith('SIZEGATE_')) delete env[name];
  }
  return { ...env, ...extra };
}

/** Runs an ES module snippet in a fresh node process; the snippet reports with `RESULT <json>`. */
async function runInNode(script: string, env: NodeJS.ProcessEnv): Promise<unknown> {
  const { stdout } = await runFile(process.execPath, ['--input-type=module', '-e', script], { env, timeout: 20_000 });
  const line = stdout.split('\n').find((text) => text.startsWith('RESULT '));
  if (line === undefined) throw new Error(`the child process reported nothing; stdout:\n${stdout}`);
  return JSON.parse(line.slice('RESULT '.length));
}

/** Imports the bundle and reports its exports, or the import's error. */
const importScript = `
  try {
    const bundle = await import(${JSON.stringify(pathToFileURL(bundleFile).href)});
    console.log('RESULT ' + JSON.stringify({ handler: typeof bundle.handler, exports: Object.keys(bundle) }));
  } catch (error) {
    console.log('RESULT ' + JSON.stringify({ name: error.name, message: error.message }));
  }
`;

/** Every test fails (never skips) with the build command when the bundle is missing. */
function assertBuilt(): void {
  expect(existsSync(bundleFile), `${bundleFile} is missing: build the package first (${BUILD_COMMAND})`).toBe(true);
}

describe('the pre-built Lambda bundle', () => {
  it('fails to load without SIZEGATE_STATE_MACHINE_ARN, naming the variable', async () => {
    // Prepare
    assertBuilt();

    // Act
    const result = (await runInNode(importScript, environment())) as { name?: string; message?: string };

    // Assess
    expect(result.name).toBe('ConfigurationError');
    expect(result.message).toContain('SIZEGATE_STATE_MACHINE_ARN');
  });

  it('exports a handler function when SIZEGATE_STATE_MACHINE_ARN is set', async () => {
    // Prepare
    assertBuilt();

    // Act
    const result = await runInNode(importScript, environment({ SIZEGATE_STATE_MACHINE_ARN: ARN }));

    // Assess
    expect(result).toEqual({ handler: 'function', exports: ['handler'] });
  });

  it('answers an s3:TestEvent without calling AWS', async () => {
    // Prepare
    assertBuilt();
    const script = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(bundleFile).href)});
      const response = await handler({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'uploads' });
      console.log('RESULT ' + JSON.stringify(response));
    `;

    // Act
    const result = await runInNode(script, environment({ SIZEGATE_STATE_MACHINE_ARN: ARN }));

    // Assess
    expect(result).toEqual({ results: [] });
  });

  it('is the index.mjs of the directory @sizegate/start-execution/bundle points at', async () => {
    // Prepare
    assertBuilt();

    // Act
    const { bundleDir } = (await import(pathToFileURL(bundleDirModule).href)) as { bundleDir: string };

    // Assess
    expect(fileURLToPath(new URL('index.mjs', pathToFileURL(bundleDir)))).toBe(bundleFile);
  });
});
