/**
 * The ESM build's view of what differs between ESM and CommonJS: the sizegate packages are
 * ESM-only and are imported as usual here, and module resolution starts from this file.
 * src/deps/cjs.ts is the CommonJS twin; package.json "imports" (#sizegate-deps) picks one.
 */
import { createRequire } from 'node:module';

export { buildDefinition } from '@sizegate/state-machine';
export { DEFAULT_MIN_SIZE_BYTES, DEFAULT_OUTPUT_PREFIX, ENV, MANIFEST_SUFFIX, outputPrefixProblem } from '@sizegate/types';

/** Resolves packages as this construct sees them (its own dependencies), e.g. the handler bundles. */
export const resolveFromHere = (specifier: string): string => createRequire(import.meta.url).resolve(specifier);
