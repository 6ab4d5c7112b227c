// Bundles the `sizegate-local` CLI (compiled dist/cli.js and everything it imports: the
// engine, the SDK clients, the handlers) into dist/cli-bundle/ so `serve` starts without resolving
// and compiling hundreds of modules. Code splitting keeps what start-local.ts imports lazily (the
// Step Functions side: engine, SDK clients, handlers) in chunks loaded on first use.
// Run from packages/local after tsc; bin/sizegate-local.mjs prefers the bundle, else dist/cli.js.
import { build } from 'esbuild';
import { nodeEsmOptions } from './esbuild-node-esm.mjs';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * JSON modules (mime-db's 140 KB table, via koa) become `JSON.parse('...')` instead of an object
 * literal: V8 parses a JSON string much faster than the same data as JavaScript source.
 */
const jsonAsParse = {
  name: 'json-as-parse',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, (args) => {
      const text = JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8')));
      return { contents: `module.exports = JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

const outdir = 'dist/cli-bundle';
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  ...nodeEsmOptions,
  entryPoints: { cli: 'dist/cli.js' },
  outdir,
  // The CLI runs on the user's Node.js (22+), like the handlers on Lambda's nodejs22.x+.
  target: 'node22',
  plugins: [jsonAsParse],
});
writeFileSync('dist/cli-bundle.meta.json', JSON.stringify(result.metafile));
