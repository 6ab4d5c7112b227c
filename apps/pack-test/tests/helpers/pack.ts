import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.js';

export interface WorkspacePackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

export interface PackedPackage extends WorkspacePackage {
  readonly tarball: string;
}

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
}

/** Every publishable package under packages/ (a new one is picked up without editing this test). */
export function publishablePackages(repoRoot: string): WorkspacePackage[] {
  const packagesDir = join(repoRoot, 'packages');
  return readdirSync(packagesDir)
    .map((entry) => join(packagesDir, entry))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir }));
}

/**
 * `pnpm pack` (not npm pack): it is what `changeset publish` uses, and it turns `workspace:^`
 * into real version ranges. pnpm is on PATH when this runs as a pnpm script.
 */
export async function packAll(packages: readonly WorkspacePackage[], destination: string): Promise<PackedPackage[]> {
  const packed: PackedPackage[] = [];
  for (const pkg of packages) {
    const before = new Set(readdirSync(destination));
    await run('pnpm', ['pack', '--pack-destination', destination], { cwd: pkg.dir, timeoutMs: 120_000 });
    const created = readdirSync(destination).filter((file) => file.endsWith('.tgz') && !before.has(file));
    if (created.length !== 1) throw new Error(`pnpm pack of ${pkg.name} created ${created.length} tarballs: ${created.join(', ')}`);
    packed.push({ ...pkg, tarball: join(destination, created[0]!) });
  }
  return packed;
}

/** Paths inside a tarball, without the leading "package/". */
export async function tarballEntries(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball], { cwd: process.cwd(), timeoutMs: 30_000 });
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^package\//, ''));
}

export async function tarballManifest(tarball: string): Promise<Record<string, unknown>> {
  const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: process.cwd(), timeoutMs: 30_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/**
 * The environment for npm and the consumer scripts: this process runs under pnpm, which exports
 * npm_config_* (local_prefix among them would point npm back at the workspace) and package
 * variables. Only settings that say how to reach the registry are kept.
 */
export function consumerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const keep = /^npm_config_(cache|cafile|registry|userconfig|globalconfig|https?_proxy|proxy|noproxy|strict_ssl)$/i;
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|INIT_CWD$|VITEST|TEST$|NODE_ENV$)/i.test(name) && !keep.test(name)) continue;
    // The consumers name their endpoint and keys themselves; a developer's AWS profile stays out.
    if (/^AWS_/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}
