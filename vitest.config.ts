import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Installs the Debian tools the tests use when missing (as root), or stops naming them.
    globalSetup: ['test/setup/debian-tools.ts'],
    // The property tests run 10,000 cases each against three images.
    testTimeout: 60_000,
  },
});
