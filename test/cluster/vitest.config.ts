/**
 * `npm run test:cluster` and `npm run test:resilience`: tests on `npm run cluster`'s stack (Temporal's
 * server on PostgreSQL, worker and API processes). One file at a time: each starts its own stack.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['./test/support/temp-root.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
