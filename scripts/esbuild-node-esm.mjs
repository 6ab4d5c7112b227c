// esbuild options shared by every sizegate bundle (Lambda handlers and the sizegate-local CLI):
// minified, code-split ESM for Node.js with the dependencies' ESM builds preferred.
//
// - ESM builds first (`mainFields` module first): client-s3's `main` is one CommonJS file that
//   cannot be tree-shaken; its ESM build keeps only the commands the code sends.
// - Code splitting: what is loaded with import() (the SDK's unused credential providers, the
//   local runtime's Step Functions side) goes to chunks/ and is read only if ever needed.
// - CommonJS dependencies (the SDK's, s3rver's) call require("node:https") etc.; ESM has no
//   require, so the banner defines one.
export const nodeEsmOptions = {
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  minify: true,
  platform: 'node',
  mainFields: ['module', 'main'],
  format: 'esm',
  treeShaking: true,
  // Only the SDK's browser user-agent parser imports bowser (dynamically); Node.js never loads it.
  external: ['bowser'],
  legalComments: 'none',
  metafile: true,
  banner: {
    js: "import { createRequire as __sizegateCreateRequire } from 'node:module'; const require = __sizegateCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};
