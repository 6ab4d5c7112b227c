#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript in dist/, bundled into dist/cli-bundle/ by the
// package's build (much faster to start); dist/cli.js is the fallback when the bundle is missing.
let cli;
try {
  cli = await import('../dist/cli-bundle/cli.mjs').catch((error) => {
    // A build without the bundle (e.g. tsc only) still runs, just slower to start.
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('cli-bundle')) return import('../dist/cli.js');
    throw error;
  });
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
    process.stderr.write('sizegate-local: the package is not built yet; run `pnpm build` in the sizegate repository first\n');
    process.exit(1);
  }
  throw error;
}
const { main, UsageError } = cli;

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error) => {
    // A port in use (or one that needs privileges, an address this machine lacks) is the user's to
    // fix: one line saying what to do, no stack trace.
    const listenFailure = await import('../dist/listen-errors.js').then(
      ({ listenFailureLine }) => listenFailureLine(error),
      () => undefined,
    );
    const text = error instanceof UsageError ? error.message : (listenFailure ?? error?.stack ?? error);
    process.stderr.write(`sizegate-local: ${text}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
