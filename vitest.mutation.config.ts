import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The tests StrykerJS runs against each mutant: the unit tests of the pure stages, which need no
// database. scripts/mutation.mjs names the test files of the folder under mutation (MUTATION_TESTS,
// comma-separated globs); the database and API suites would add minutes per mutant. Built beside
// vitest.config.ts rather than merged into it, since merging would add to its `include`, not replace it.
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: process.env.MUTATION_TESTS?.split(',') ?? ['test/ingest/*.test.ts', 'test/security/*.test.ts'],
    exclude: [
      // These open a database: they test SQL, not the functions under mutation.
      'test/ingest/block-key-migration.test.ts',
      'test/ingest/block-lookup.test.ts',
      'test/ingest/bulk-parameters.test.ts',
      'test/ingest/facility-code.test.ts',
      'test/ingest/planner-statistics.test.ts',
      'test/ingest/statement-pipeline.test.ts',
    ],
    pool: 'forks',
    testTimeout: 60_000,
  },
});
