import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runModuleInNode } from '@sizegate/testing';
import { describe, expect, it } from 'vitest';

// The pre-built Lambda bundle, as deployed with Code.fromAsset(bundleDir), handler "index.handler".
// turbo's test task depends on build; run alone, build first (this test fails, never skips, without it).
const BUILD_COMMAND = 'npx -y pnpm@12.4.2 --filter @sizegate/process-file build';
const bundleFile = fileURLToPath(new URL('../../dist/bundle/index.mjs', import.meta.url));
const bundleDirModule = fileURLToPath(new URL('../../dist/bundle-dir.js', import.meta.url));

/** Every test fails (never skips) with the build command when the bundle is missing. */
function assertBuilt(): void {
  expect(existsSync(bundleFile), `${bundleFile} is missing: build the package first (${BUILD_COMMAND})`).toBe(true);
}

describe('the pre-built Lambda bundle', () => {
  it('imports with no SIZEGATE_ variable set and exports a handler function', async () => {
    // Prepare
    assertBuilt();
    const script = `
      const bundle = await import(${JSON.stringify(pathToFileURL(bundleFile).href)});
      console.log('RESULT ' + JSON.stringify({ handler: typeof bundle.handler, exports: Object.keys(bundle) }));
    `;

    // Act
    const result = await runModuleInNode(script);

    // Assess
    expect(result).toEqual({ handler: 'function', exports: ['handler'] });
  });

  it('answers an invalid event with InvalidInput (its name kept by the minifier) naming every bad field', async () => {
    // Prepare
    const script = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(bundleFile).href)});
      try {
        await handler({ bucket: 'incoming', key: 'a.bin' });
        console.log('RESULT ' + JSON.stringify({ resolved: true }));
      } catch (error) {
        console.log('RESULT ' + JSON.stringify({ name: error.name, message: error.message }));
      }
    `;

    // Act
    const result = (await runModuleInNode(script)) as { name?: string; message?: string };

    // Assess
    expect(result.name).toBe('InvalidInput');
    expect(result.message).toContain('size must be a non-negative integer, got nothing');
    expect(result.message).toContain('etag must be a non-empty string, got nothing');
    expect(result.message).toContain('bucket "incoming", key "a.bin"');
  });

  it('is the index.mjs of the directory @sizegate/process-file/bundle points at', async () => {
    // Prepare
    assertBuilt();

    // Act
    const { bundleDir } = (await import(pathToFileURL(bundleDirModule).href)) as { bundleDir: string };

    // Assess
    expect(existsSync(`${bundleDir}index.mjs`)).toBe(true);
    expect(fileURLToPath(new URL('index.mjs', pathToFileURL(bundleDir)))).toBe(bundleFile);
  });
});
