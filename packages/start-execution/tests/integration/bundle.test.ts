import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { environmentWithout, runModuleInNode } from '@sizegate/testing';
import { describe, expect, it } from 'vitest';

// The pre-built Lambda bundle, as deployed with Code.fromAsset(bundleDir), handler "index.handler".
// turbo's test task depends on build; run alone, build first (this test fails, never skips, without it).
const BUILD_COMMAND = 'npx -y pnpm@12.4.2 --filter @sizegate/start-execution build';
const bundleFile = fileURLToPath(new URL('../../dist/bundle/index.mjs', import.meta.url));
const bundleDirModule = fileURLToPath(new URL('../../dist/bundle-dir.js', import.meta.url));
const ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:sizegate';

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
    const result = (await runModuleInNode(importScript)) as { name?: string; message?: string };

    // Assess
    expect(result.name).toBe('ConfigurationError');
    expect(result.message).toContain('SIZEGATE_STATE_MACHINE_ARN');
  });

  it('exports a handler function when SIZEGATE_STATE_MACHINE_ARN is set', async () => {
    // Prepare
    assertBuilt();

    // Act
    const result = await runModuleInNode(importScript, environmentWithout([], { SIZEGATE_STATE_MACHINE_ARN: ARN }));

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
    const result = await runModuleInNode(script, environmentWithout([], { SIZEGATE_STATE_MACHINE_ARN: ARN }));

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
