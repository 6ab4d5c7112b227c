import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run the ESM source; the package.json "imports" map points at dist for consumers.
    alias: { '#sizegate-deps': fileURLToPath(new URL('./src/deps/esm.ts', import.meta.url)) },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // Synthesizing CDK stacks (and running cdk-nag over them) takes seconds on a shared machine.
    testTimeout: 120_000,
  },
});
