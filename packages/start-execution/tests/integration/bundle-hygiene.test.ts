import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// "Handler bundles contain no secrets and no dev dependencies", checked on the built bundle with
// scripts/check-bundle-hygiene.mjs (esbuild metafile inputs → owning package; secret scan of dist/bundle).
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const scriptUrl = pathToFileURL(resolve(packageDir, '../../scripts/check-bundle-hygiene.mjs')).href;

interface HygieneReport {
  readonly package: string;
  readonly inputs: number;
  readonly packages: readonly string[];
  readonly devDependencyInputs: readonly { input: string; package: string }[];
  readonly secrets: readonly { file: string; kind: string }[];
}
type CheckBundleHygiene = (packageDir: string, env?: Record<string, string | undefined>) => HygieneReport;
const { checkBundleHygiene } = (await import(scriptUrl)) as { checkBundleHygiene: CheckBundleHygiene };

describe('the Lambda bundle', () => {
  it('handler bundles contain no secrets and no dev dependencies', () => {
    // Prepare: a secret-looking variable on the "build machine", as CI would have
    const env = { ...process.env, SIZEGATE_CANARY_SECRET: 'sizegate-canary-secret-value-0123' };

    // Act
    const report = checkBundleHygiene(packageDir, env);

    // Assess
    expect(report.package).toBe('@sizegate/start-execution');
    expect(report.inputs).toBeGreaterThan(10);
    expect(report.packages).toEqual(expect.arrayContaining(['@sizegate/start-execution', '@sizegate/types', '@aws-lambda-powertools/logger']));
    expect(report.devDependencyInputs).toEqual([]);
    expect(report.secrets).toEqual([]);
  });
});
