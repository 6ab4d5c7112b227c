#!/usr/bin/env node
// Checks a handler package's pre-built Lambda bundle for what must never ship in it:
//  - code from a development dependency: every input of dist/bundle.meta.json (the esbuild
//    metafile) is traced to the package.json that owns it, which must not be one of the
//    package's devDependencies (that are not also runtime dependencies) or a known test/build tool;
//  - secrets: dist/bundle/**/*.mjs is scanned for AWS access key ids, secret-key assignments,
//    private key blocks, and the values of the build machine's *SECRET* / *TOKEN* / *PASSWORD*
//    environment variables.
// Usage: node scripts/check-bundle-hygiene.mjs <package-dir> [...]  → prints a JSON report per
// package; exit code 1 when any finding. Also importable: checkBundleHygiene(packageDir, env,
// { bundleDir, metafilePath }) (a bundle built elsewhere, e.g. a test's fresh build in a temp dir).
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Never part of a Lambda bundle, whatever a package declares. */
export const FORBIDDEN_PACKAGES = [
  'vitest',
  '@vitest/*',
  'vite',
  'aws-sdk-client-mock',
  'sinon',
  'typescript',
  'esbuild',
  '@types/*',
  '@sizegate/testing',
  '@20minutes/s3rver',
  'aws-cdk-lib',
  'constructs',
  'cdk-nag',
];

export const SECRET_PATTERNS = [
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: 'aws_secret_access_key assignment', pattern: /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+]{40}/gi },
  { name: 'private key block', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/g },
];

/** Environment variables whose values must never appear in a bundle (values of 8+ characters). */
export function secretEnvValues(env = process.env) {
  return Object.entries(env)
    .filter(([name, value]) => /SECRET|TOKEN|PASSWORD/i.test(name) && typeof value === 'string' && value.length >= 8)
    .map(([name, value]) => ({ name, value }));
}

const matches = (name, patterns) =>
  patterns.some((pattern) => (pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));

function owningPackage(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8'));
      if (name !== undefined) return name;
    }
  }
  return undefined;
}

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/**
 * { package, inputs, packages, devDependencyInputs, secrets }: the last two empty when clean.
 * The bundle is `<packageDir>/dist/bundle` with its metafile `<packageDir>/dist/bundle.meta.json`
 * unless `bundleDir` / `metafilePath` say otherwise (metafile inputs are relative to packageDir).
 */
export function checkBundleHygiene(packageDir, env = process.env, { bundleDir, metafilePath } = {}) {
  const root = resolve(packageDir);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const runtime = new Set(Object.keys(manifest.dependencies ?? {}));
  const devOnly = Object.keys(manifest.devDependencies ?? {}).filter((name) => !runtime.has(name));
  const forbidden = [...FORBIDDEN_PACKAGES, ...devOnly];

  const metafile = JSON.parse(readFileSync(metafilePath ?? join(root, 'dist', 'bundle.meta.json'), 'utf8'));
  const packages = new Set();
  const devDependencyInputs = [];
  for (const input of Object.keys(metafile.inputs)) {
    if (/^[a-z-]+:/.test(input)) continue; // esbuild namespaces (e.g. "<runtime>"), not files
    const file = realpathSync(resolve(root, input));
    const owner = owningPackage(file);
    if (owner === undefined) continue;
    packages.add(owner);
    if (owner !== manifest.name && matches(owner, forbidden)) devDependencyInputs.push({ input, package: owner });
  }

  const secrets = [];
  const envSecrets = secretEnvValues(env);
  for (const file of filesUnder(bundleDir ?? join(root, 'dist', 'bundle'))) {
    if (!file.endsWith('.mjs')) continue;
    const text = readFileSync(file, 'utf8');
    for (const { name, pattern } of SECRET_PATTERNS) {
      for (const match of text.matchAll(pattern)) secrets.push({ file, kind: name, excerpt: `${match[0].slice(0, 12)}…` });
    }
    // Only the variable's name is reported, never its value.
    for (const { name, value } of envSecrets) if (text.includes(value)) secrets.push({ file, kind: `value of $${name}` });
  }
  return {
    package: manifest.name,
    inputs: Object.keys(metafile.inputs).length,
    packages: [...packages].sort(),
    devDependencyInputs,
    secrets,
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const reports = process.argv.slice(2).map((dir) => checkBundleHygiene(dir));
  process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  process.exitCode = reports.some((report) => report.devDependencyInputs.length > 0 || report.secrets.length > 0) ? 1 : 0;
}
