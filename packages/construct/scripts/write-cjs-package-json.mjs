// dist/cjs is compiled as CommonJS inside a "type": "module" package. This package.json makes Node
// (and TypeScript, for the .d.ts files beside it) read the files there as CommonJS. Being the nearest
// package.json of those files, it also carries their "imports" map: #sizegate-deps is the one module
// that differs between the two builds (see src/deps/).
import { writeFileSync } from 'node:fs';

const manifest = { type: 'commonjs', imports: { '#sizegate-deps': './deps/cjs.js' } };
writeFileSync(new URL('../dist/cjs/package.json', import.meta.url), `${JSON.stringify(manifest, null, 2)}\n`);
