// Mutation testing of the pure stages (issue 27). `npm run test:mutation` runs every folder below,
// one after another; `npm run test:mutation -- src/security` runs one. Each folder keeps its own
// incremental file in bench/mutation/, so a run re-tests only mutants whose code or tests changed.
// Results and timings: bench/mutation/README.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // Two cores shared with everything else on the machine: one test process at a time.
  concurrency: 1,
  incremental: true,
  ignoreStatic: true,
  timeoutMS: 20_000,
  dryRunTimeoutMinutes: 20,
  reporters: ['clear-text', 'progress', 'json'],
  // scripts/mutation.mjs names one report per folder.
  jsonReporter: { fileName: process.env.MUTATION_REPORT ?? 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
