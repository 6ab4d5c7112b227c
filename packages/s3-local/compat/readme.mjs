#!/usr/bin/env node
// Writes the generated "S3 behaviour it does not have" section of packages/s3-local/README.md from
// expectations.json and selection.json (between the s3-compat markers). With --check, only says
// whether the README is current (exit 1 when not): run.mjs checks it on every run.
import { readFileSync, writeFileSync } from 'node:fs';
import { README_FILE, readmeWithSection, renderReadmeSection } from './expectations.mjs';

const check = process.argv.includes('--check');
const readme = readFileSync(README_FILE, 'utf8');
const updated = readmeWithSection(readme, renderReadmeSection());
if (updated === undefined) {
  console.error(`${README_FILE} has no s3-compat markers: add the begin and end comment lines where the section goes`);
  process.exit(1);
}
if (check) {
  if (updated !== readme) {
    console.error('packages/s3-local/README.md is not current with compat/expectations.json: run `pnpm s3-compat:readme`');
    process.exit(1);
  }
} else if (updated !== readme) {
  writeFileSync(README_FILE, updated);
  console.log('packages/s3-local/README.md: s3-compat section updated');
}
