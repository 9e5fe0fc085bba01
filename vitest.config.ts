import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.data/**', '.scratch/**', 'coverage/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Starts PostgreSQL from npm when none is reachable, and checks for Redis.
    globalSetup: ['tests/harness/global-setup.ts'],
    env: { NODE_ENV: 'test' },
    coverage: {
      provider: 'v8',
      reporter: ['text-summary', 'html'],
      include: ['{engine,flows,content,adapters,db,shared}/**/*.ts'],
      exclude: ['**/*.test.ts', 'db/migrations/**'],
    },
  },
});
