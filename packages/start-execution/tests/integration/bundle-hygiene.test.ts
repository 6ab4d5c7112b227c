import { checkBuiltBundle, checkBundleBuiltWithCanary } from '@sizegate/testing';
import { dirname, resolve } from 'node:path';
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
    expect(report.package).toBe('@sizegate/start-execution');
    expect(report.inputs).toBeGreaterThan(10);
    expect(report.packages).toEqual(
      expect.arrayContaining(['@sizegate/start-execution', '@sizegate/types', '@aws-lambda-powertools/logger']),
    );
    expect(report.devDependencyInputs).toEqual([]);
    expect(report.secrets).toEqual([]);
  });

  it('a bundle built while SIZEGATE_CANARY_SECRET is set does not contain its value', async () => {
    // Act: the build's own code, into a temp dir, with the canary in the environment
    const report = await checkBundleBuiltWithCanary(packageDir);

    // Assess
    expect(report.package).toBe('@sizegate/start-execution');
    expect(report.inputs).toBeGreaterThan(10);
    expect(report.secrets).toEqual([]);
  });
});
