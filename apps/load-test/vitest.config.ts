import { defineConfig } from 'vitest/config';

// The load suite is heavy on purpose: one file at a time (each measures the whole machine and its
// own process's memory), in its own process, with timeouts sized for a busy 2-core machine.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    teardownTimeout: 120_000,
  },
});
