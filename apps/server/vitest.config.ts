import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // A guard against hangs, not a speed check: the demo seeds take a minute on PGlite when the machine is loaded.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: 'silent' },
  },
});
