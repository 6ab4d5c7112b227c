import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The console's static files (packages/local/console/), by the path they are served under. */
const ASSETS: Readonly<Record<string, { file: string; contentType: string }>> = {
  '': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  'index.html': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  'console.js': { file: 'console.js', contentType: 'text/javascript; charset=utf-8' },
  'console.css': { file: 'console.css', contentType: 'text/css; charset=utf-8' },
};

export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** How far up from this module the package root may be: dist/console/, dist/cli-bundle/ or dist/cli-bundle/chunks/. */
const MAX_LEVELS_UP = 5;

let assetsDirectory: string | undefined;

/**
 * The package's `console/` directory. This module runs from dist/console/assets.js (tsc) or from a
 * chunk of dist/cli-bundle/ (esbuild), so the directory is found by walking up to the package
 * root (the package.json named @sizegate/local), not by a fixed relative path.
 */
export function consoleAssetsDirectory(start?: string): string {
  if (start === undefined) {
    assetsDirectory ??= consoleAssetsDirectory(dirname(fileURLToPath(import.meta.url)));
    return assetsDirectory;
  }
  let directory = start;
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    if (isLocalPackageRoot(directory) && existsSync(join(directory, 'console', 'index.html'))) return join(directory, 'console');
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  throw new Error(`The web console's files (console/index.html of @sizegate/local) were not found above ${start}`);
}

function isLocalPackageRoot(directory: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: unknown };
    return manifest.name === '@sizegate/local';
  } catch {
    return false;
  }
}

const cache = new Map<string, Asset>();

/** The asset served at `/_sizegate/<name>`, or undefined: only the listed files, never a path from the request. */
export function consoleAsset(name: string): Asset | undefined {
  if (!Object.hasOwn(ASSETS, name)) return undefined;
  const entry = ASSETS[name];
  if (entry === undefined) return undefined;
  let asset = cache.get(entry.file);
  if (asset === undefined) {
    asset = { body: readFileSync(join(consoleAssetsDirectory(), entry.file)), contentType: entry.contentType };
    cache.set(entry.file, asset);
  }
  return asset;
}
