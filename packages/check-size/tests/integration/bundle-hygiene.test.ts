import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
    expect(report.package).toBe('@sizegate/check-size');
    expect(report.inputs).toBeGreaterThan(10);
    expect(report.packages).toEqual(expect.arrayContaining(['@sizegate/check-size', '@sizegate/types', '@aws-lambda-powertools/logger']));
    expect(report.devDependencyInputs).toEqual([]);
    expect(report.secrets).toEqual([]);
  });

  it('the bundle check does find a dev dependency input and planted secrets', () => {
    // Prepare: a package whose "bundle" pulls in vitest and carries an access key id and an env secret
    const fake = mkdtempSync(join(tmpdir(), 'sizegate-hygiene-'));
    try {
      writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: 'fake-handler', devDependencies: { vitest: '4' } }));
      const vitestEntry = fileURLToPath(import.meta.resolve('vitest'));
      mkdirSync(join(fake, 'dist/bundle/chunks'), { recursive: true });
      writeFileSync(join(fake, 'dist/bundle.meta.json'), JSON.stringify({ inputs: { [vitestEntry]: {} } }));
      writeFileSync(join(fake, 'dist/bundle/index.mjs'), 'const k="AKIAIOSFODNN7EXAMPLE";');
      writeFileSync(join(fake, 'dist/bundle/chunks/a.mjs'), 'const t="planted-token-value-123";\n-----BEGIN RSA PRIVATE KEY-----');

      // Act
      const report = checkBundleHygiene(fake, { CI_DEPLOY_TOKEN: 'planted-token-value-123' });

      // Assess
      expect(report.devDependencyInputs).toEqual([{ input: vitestEntry, package: 'vitest' }]);
      expect(report.secrets.map((secret) => secret.kind).sort()).toEqual(['AWS access key id', 'private key block', 'value of $CI_DEPLOY_TOKEN']);
      expect(JSON.stringify(report)).not.toContain('planted-token-value-123');
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });
});
