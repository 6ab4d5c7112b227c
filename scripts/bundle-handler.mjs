// Builds a handler package's Lambda bundle: minified ESM, AWS SDK included, in dist/bundle/
// (Lambda handler string "index.handler"). Run from the package directory.
//
// - ESM builds of the SDK (`mainFields` module first): client-s3's `main` is one CommonJS file
//   that cannot be tree-shaken; its ESM build keeps only the commands a handler sends.
// - Code splitting: what the SDK loads with import() — the credential providers a Lambda does not
//   use (SSO, INI files, STS web identity, IMDS, ...) — goes to dist/bundle/chunks/ and is read
//   only if ever needed, so a cold start parses and runs less. Deploy the whole directory.
// - No keepNames: sizegate's errors and the SDK's set `name` explicitly (Step Functions reports
//   error.name), so minified class names change nothing observable.
// - The metafile goes next to the bundle directory, not into it, so it is not deployed.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

const outdir = 'dist/bundle';
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: { index: 'src/bundle-entry.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  minify: true,
  platform: 'node',
  mainFields: ['module', 'main'],
  format: 'esm',
  target: 'node22',
  treeShaking: true,
  // Only the SDK's browser user-agent parser imports bowser (dynamically); Node.js never loads it.
  external: ['bowser'],
  legalComments: 'none',
  metafile: true,
  // The AWS SDK's CommonJS dependencies call require("node:https") etc.; ESM has no require.
  banner: { js: "import { createRequire as __sizegateCreateRequire } from 'node:module'; const require = __sizegateCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
writeFileSync('dist/bundle.meta.json', JSON.stringify(result.metafile));
