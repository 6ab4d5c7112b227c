// Renders the README images from the histories recorded on the local runtime
// (tests/fixtures/sizegate-histories.json) with the built package: docs/<case>.svg.
// Run after building: node scripts/render-docs.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { pathFromHistory, toSvg } from '../dist/index.js';

const { cases } = JSON.parse(readFileSync(new URL('../tests/fixtures/sizegate-histories.json', import.meta.url), 'utf8'));
const titles = {
  'small-file': 'small.txt (10 bytes) — SUCCEEDED',
  'large-file': 'large.bin (2000001 bytes) — SUCCEEDED',
  'process-file-failed': 'large.bin, ProcessFile failing — FAILED',
};
for (const [name, title] of Object.entries(titles)) {
  const { definition, events } = cases[name];
  writeFileSync(new URL(`../docs/${name}.svg`, import.meta.url), await toSvg(definition, { path: pathFromHistory(events), title }));
  console.log(`docs/${name}.svg`);
}
