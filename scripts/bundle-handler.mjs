// Builds a handler package's Lambda bundle: minified ESM, AWS SDK included, in dist/bundle/
// (Lambda handler string "index.handler"). Run from the package directory.
//
// - Shared options (ESM builds of the SDK, code splitting, require banner): esbuild-node-esm.mjs.
//   The credential providers a Lambda does not use (SSO, INI files, STS web identity, IMDS, ...)
//   go to dist/bundle/chunks/, so a cold start parses and runs less. Deploy the whole directory.
// - No keepNames: sizegate's errors and the SDK's set `name` explicitly (Step Functions reports
//   error.name), so minified class names change nothing observable.
// - The metafile goes next to the bundle directory, not into it, so it is not deployed.
// - Also importable: bundleHandler() is what the bundle-hygiene tests build a fresh bundle with
//   (into a temp dir, with a canary secret in the environment), so they check this very build.
import { build } from 'esbuild';
import { nodeEsmOptions } from './esbuild-node-esm.mjs';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Bundles `<packageDir>/src/bundle-entry.ts` into `outdir` (default `<packageDir>/dist/bundle`)
 * and writes the esbuild metafile (inputs relative to packageDir) to `metafilePath` (default
 * `<packageDir>/dist/bundle.meta.json`). `overrides` are extra esbuild options, merged last: only
 * a test's negative control uses them.
 */
export async function bundleHandler({ packageDir = process.cwd(), outdir, metafilePath, overrides = {} } = {}) {
  const root = resolve(packageDir);
  const out = outdir ?? join(root, 'dist', 'bundle');
  const metafileOut = metafilePath ?? join(root, 'dist', 'bundle.meta.json');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await build({
    ...nodeEsmOptions,
    absWorkingDir: root,
    entryPoints: { index: join(root, 'src', 'bundle-entry.ts') },
    outdir: out,
    target: 'node22',
    ...overrides,
  });
  mkdirSync(dirname(metafileOut), { recursive: true });
  writeFileSync(metafileOut, JSON.stringify(result.metafile));
  return { outdir: out, metafilePath: metafileOut };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleHandler();
}
