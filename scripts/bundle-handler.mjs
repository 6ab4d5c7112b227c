// Builds a handler package's Lambda bundle: minified ESM, AWS SDK included, in dist/bundle/
// (Lambda handler string "index.handler"). Run from the package directory.
//
// - Shared options (ESM builds of the SDK, code splitting, require banner): esbuild-node-esm.mjs.
//   The credential providers a Lambda does not use (SSO, INI files, STS web identity, IMDS, ...)
//   go to dist/bundle/chunks/, so a cold start parses and runs less. Deploy the whole directory.
// - No keepNames: sizegate's errors and the SDK's set `name` explicitly (Step Functions reports
//   error.name), so minified class names change nothing observable.
// - The metafile goes next to the bundle directory, not into it, so it is not deployed.
import { build } from 'esbuild';
import { nodeEsmOptions } from './esbuild-node-esm.mjs';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

const outdir = 'dist/bundle';
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  ...nodeEsmOptions,
  entryPoints: { index: 'src/bundle-entry.ts' },
  outdir,
  target: 'node22',
});
writeFileSync('dist/bundle.meta.json', JSON.stringify(result.metafile));
