import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Synthesizing the app and running cdk-nag over it takes a while on a shared machine.
    testTimeout: 180_000,
  },
});
