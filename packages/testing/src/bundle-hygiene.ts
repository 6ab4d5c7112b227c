import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The handler packages' "bundles contain no secrets and no dev dependencies" tests, shared:
// scripts/check-bundle-hygiene.mjs checks a bundle (esbuild metafile inputs → owning package;
// secret scan of the .mjs files), scripts/bundle-handler.mjs is the build itself.

/** What scripts/check-bundle-hygiene.mjs reports about one bundle. */
export interface HygieneReport {
  readonly package: string;
  readonly inputs: number;
  readonly packages: readonly string[];
  readonly devDependencyInputs: readonly { input: string; package: string }[];
  readonly secrets: readonly { file: string; kind: string }[];
}

type Env = Record<string, string | undefined>;

interface Scripts {
  checkBundleHygiene(packageDir: string, env?: Env, where?: { bundleDir?: string; metafilePath?: string }): HygieneReport;
  bundleHandler(options: {
    packageDir: string;
    outdir: string;
    metafilePath: string;
    overrides?: Record<string, unknown>;
  }): Promise<{ outdir: string; metafilePath: string }>;
}

/**
 * A secret-looking variable on the "build machine", as CI would have one: its name matches the
 * check's *SECRET* rule, so its value must not appear in a bundle built while it is set.
 */
export const BUNDLE_CANARY = { name: 'SIZEGATE_CANARY_SECRET', value: 'sizegate-canary-secret-value-0123' } as const;

/** The two scripts, from the repository's scripts/ (this file is packages/testing/dist/bundle-hygiene.js). */
async function scripts(): Promise<Scripts> {
  const at = (name: string) => new URL(`../../../scripts/${name}`, import.meta.url).href;
  const [{ checkBundleHygiene }, { bundleHandler }] = await Promise.all([
    import(at('check-bundle-hygiene.mjs')) as Promise<Pick<Scripts, 'checkBundleHygiene'>>,
    import(at('bundle-handler.mjs')) as Promise<Pick<Scripts, 'bundleHandler'>>,
  ]);
  return { checkBundleHygiene, bundleHandler };
}

/** The check of the package's built bundle (dist/bundle), the test process's own secrets included. */
export async function checkBuiltBundle(packageDir: string, env: Env = process.env): Promise<HygieneReport> {
  return (await scripts()).checkBundleHygiene(packageDir, env);
}

/**
 * Builds the package's bundle afresh, with scripts/bundle-handler.mjs (the build's own code and
 * options) into a temp dir, while BUNDLE_CANARY is set in the environment, then checks that
 * bundle with the canary among the environment's secrets. So a build that inlined the
 * environment (a `define` of process.env, a banner with a variable) fails the check.
 * `leakCanary` is the negative control: the build writes the canary into the bundle on purpose.
 */
export async function checkBundleBuiltWithCanary(packageDir: string, { leakCanary = false } = {}): Promise<HygieneReport> {
  const { bundleHandler, checkBundleHygiene } = await scripts();
  const scratch = mkdtempSync(join(tmpdir(), 'sizegate-bundle-canary-'));
  const previous = process.env[BUNDLE_CANARY.name];
  process.env[BUNDLE_CANARY.name] = BUNDLE_CANARY.value;
  try {
    const built = await bundleHandler({
      packageDir,
      outdir: join(scratch, 'bundle'),
      metafilePath: join(scratch, 'bundle.meta.json'),
      ...(leakCanary ? { overrides: { footer: { js: `/* ${process.env[BUNDLE_CANARY.name]} */` } } } : {}),
    });
    return checkBundleHygiene(packageDir, { ...process.env }, { bundleDir: built.outdir, metafilePath: built.metafilePath });
  } finally {
    if (previous === undefined) delete process.env[BUNDLE_CANARY.name];
    else process.env[BUNDLE_CANARY.name] = previous;
    rmSync(scratch, { recursive: true, force: true });
  }
}
