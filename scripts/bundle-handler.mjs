// Builds a handler package's Lambda bundle: one minified ESM file, AWS SDK included, at
// dist/bundle/index.mjs (Lambda handler string "index.handler"). Run from the package directory.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';

const outdir = 'dist/bundle';
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: ['src/bundle-entry.ts'],
  outfile: `${outdir}/index.mjs`,
  bundle: true,
  minify: true,
  // Error classes keep their names: Step Functions reports them as the error name.
  keepNames: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  treeShaking: true,
  legalComments: 'none',
  metafile: true,
  // The AWS SDK's CommonJS dependencies call require("node:https") etc.; ESM has no require.
  banner: { js: "import { createRequire as __sizegateCreateRequire } from 'node:module'; const require = __sizegateCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));
