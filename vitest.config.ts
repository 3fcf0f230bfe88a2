import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The cluster stack's suites have their own commands (npm run test:cluster, test:resilience).
    exclude: [...configDefaults.exclude, 'test/cluster/**'],
    // Every temporary directory of the run under one, removed at its end.
    globalSetup: ['./test/support/temp-root.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Two cores: each workflow test file starts its own Temporal test server and worker.
    maxWorkers: 2,
  },
});
