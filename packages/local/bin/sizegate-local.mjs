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
  (error) => {
    const hint = error?.code === 'EADDRINUSE' ? ' (the port is taken: pass --port 0 for a free one)' : '';
    process.stderr.write(`sizegate-local: ${error instanceof UsageError ? error.message : (error?.stack ?? error)}${hint}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
