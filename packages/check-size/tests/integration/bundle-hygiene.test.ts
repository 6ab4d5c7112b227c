import { BUNDLE_CANARY, checkBuiltBundle, checkBundleBuiltWithCanary } from '@sizegate/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// "Handler bundles contain no secrets and no dev dependencies", checked with
// scripts/check-bundle-hygiene.mjs on the built bundle and on a fresh build (scripts/bundle-handler.mjs,
// the same code and options) made while a secret-looking variable is set. The shared part is in
// @sizegate/testing; the negative controls (the check finds what it looks for) are in check-size's copy.
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the Lambda bundle', () => {
  it('handler bundles contain no secrets and no dev dependencies', async () => {
    // Act
    const report = await checkBuiltBundle(packageDir);

    // Assess
    expect(report.package).toBe('@sizegate/check-size');
    expect(report.inputs).toBeGreaterThan(10);
    expect(report.packages).toEqual(expect.arrayContaining(['@sizegate/check-size', '@sizegate/types', '@aws-lambda-powertools/logger']));
    expect(report.devDependencyInputs).toEqual([]);
    expect(report.secrets).toEqual([]);
  });

  it('a bundle built while SIZEGATE_CANARY_SECRET is set does not contain its value', async () => {
    // Act: the build's own code, into a temp dir, with the canary in the environment
    const report = await checkBundleBuiltWithCanary(packageDir);

    // Assess
    expect(report.package).toBe('@sizegate/check-size');
    expect(report.inputs).toBeGreaterThan(10);
    expect(report.secrets).toEqual([]);
  });

  it('negative control: a build that writes the canary into the bundle is caught, naming the variable, never its value', async () => {
    // Act: the same fresh build, with a footer that carries the canary's value
    const report = await checkBundleBuiltWithCanary(packageDir, { leakCanary: true });

    // Assess
    // (esbuild writes a footer into every output file: index.mjs and each chunk)
    expect(report.secrets.some((secret) => secret.file.endsWith(join('bundle', 'index.mjs')))).toBe(true);
    expect(new Set(report.secrets.map((secret) => secret.kind))).toEqual(new Set([`value of $${BUNDLE_CANARY.name}`]));
    expect(JSON.stringify(report)).not.toContain(BUNDLE_CANARY.value);
  });

  it('negative control: the bundle check finds a dev dependency input and planted secrets', async () => {
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
      const report = await checkBuiltBundle(fake, { CI_DEPLOY_TOKEN: 'planted-token-value-123' });

      // Assess
      expect(report.devDependencyInputs).toEqual([{ input: vitestEntry, package: 'vitest' }]);
      expect(report.secrets.map((secret) => secret.kind).sort()).toEqual([
        'AWS access key id',
        'private key block',
        'value of $CI_DEPLOY_TOKEN',
      ]);
      expect(JSON.stringify(report)).not.toContain('planted-token-value-123');
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });
});
