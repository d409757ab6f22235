import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One copy of graphql for our sources and for Yoga/Pothos: otherwise Vitest loads the ES build
  // for us and the CommonJS build for them, and errors are told apart by class.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file creates its own database, so files run in parallel safely.
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
