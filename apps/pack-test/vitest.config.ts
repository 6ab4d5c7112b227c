import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Packing and `npm install` of the tarballs (and the AWS SDK from the registry) happen once,
    // in beforeAll; each consumer script then gets its own bounded timeout.
    hookTimeout: 480_000,
    testTimeout: 120_000,
    // One consumer at a time: they share the temp project and the machine is small.
    fileParallelism: false,
  },
});
