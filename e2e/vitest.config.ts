import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the built shop and back office against a real server (one per test file,
 * started by support/scenario.ts). Files run one after another: each starts a server and a
 * Chromium, and the machine they run on may have two cores.
 */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['./support/global-setup.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
