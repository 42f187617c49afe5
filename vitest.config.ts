import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The property tests run 10,000 cases each against three images.
    testTimeout: 60_000,
  },
});
