// dist/cjs is compiled as CommonJS inside a "type": "module" package. This package.json makes Node
// (and TypeScript, for the .d.ts files beside it) read the files there as CommonJS.
//
// #sizegate-deps is the one module that differs between the two builds (see src/deps/). The ESM
// build resolves it through the root package.json "imports"; a nested package.json's "imports" is
// ignored by some tools, so the CommonJS build gets plain relative requires instead.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const cjsDir = new URL('../dist/cjs/', import.meta.url);
writeFileSync(new URL('package.json', cjsDir), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
for (const file of readdirSync(cjsDir).filter((name) => name.endsWith('.js') || name.endsWith('.d.ts'))) {
  const path = new URL(file, cjsDir);
  const text = readFileSync(path, 'utf8');
  const rewritten = text
    .replaceAll('require("#sizegate-deps")', 'require("./deps/cjs.js")')
    .replaceAll('"#sizegate-deps"', '"./deps/cjs.js"');
  if (rewritten !== text) writeFileSync(path, rewritten);
}
