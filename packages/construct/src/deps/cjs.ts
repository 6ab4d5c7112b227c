/**
 * The CommonJS build's twin of src/deps/esm.ts. @sizegate/types and @sizegate/state-machine ship
 * ESM only (their "exports" have no "require" condition), so they are loaded by file path with
 * require(esm): Node.js 22.12+. Everything else in the construct is plain CommonJS.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as StateMachinePackage from '@sizegate/state-machine';
import type * as TypesPackage from '@sizegate/types';

interface PackageManifest {
  readonly exports?: { readonly '.'?: string | { readonly import?: string | { readonly default?: string } } };
}

/** The file an ESM-only package's "." export points the import condition at. */
function esmEntryOf(packageName: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageManifest;
  const root = manifest.exports?.['.'];
  const target = typeof root === 'string' ? root : typeof root?.import === 'string' ? root.import : root?.import?.default;
  if (target === undefined) throw new Error(`${packageName} has no "import" entry in its package.json exports`);
  return join(dirname(manifestPath), target);
}

function requireEsm<T>(packageName: string): T {
  try {
    return require(esmEntryOf(packageName)) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM') {
      throw new Error(
        `@sizegate/construct: loading ${packageName} (ESM only) from CommonJS needs require(esm): ` +
          'Node.js 22.12+. Upgrade Node.js or load the construct from an ES module.',
        { cause: error },
      );
    }
    throw error;
  }
}

const stateMachine = requireEsm<typeof StateMachinePackage>('@sizegate/state-machine');
const types = requireEsm<typeof TypesPackage>('@sizegate/types');

export const buildDefinition = stateMachine.buildDefinition;
export const { DEFAULT_MIN_SIZE_BYTES, DEFAULT_OUTPUT_PREFIX, ENV, MANIFEST_SUFFIX } = types;

/** Resolves packages as this construct sees them (its own dependencies), e.g. the handler bundles. */
export const resolveFromHere = (specifier: string): string => require.resolve(specifier);
