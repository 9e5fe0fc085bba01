import { defineConfig } from 'vitest/config';

/**
 * Three projects, chosen by file name (docs/testing.md):
 * - `unit`: every other `*.test.ts`; no database, no sockets, no child processes, no Redis. Runs
 *   without global setup, and tests/harness/unit-guard.ts makes a test that tries I/O fail with the
 *   rename to make.
 * - `db`: `*.db.test.ts`, tests on PGlite and the test PostgreSQL (started from npm when absent).
 * - `integration`: `tests/integration/`, `tests/e2e/` and `*.int.test.ts`: servers, Redis, child
 *   processes, Chromium.
 * `npm test` runs all three with coverage; `npm run test:unit` is the fast loop.
 */
const DB = '**/*.db.test.ts';
const INTEGRATION = ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts', '**/*.int.test.ts'];
// Starts PostgreSQL from npm when none is reachable, and checks for Redis.
const SERVICES = ['tests/harness/global-setup.ts'];

export default defineConfig({
  test: {
    exclude: ['node_modules/**', '.data/**', '.scratch/**', 'coverage/**'],
    // Generous: the embedded database on a busy two-core machine takes 30 s for a few long tests.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { NODE_ENV: 'test' },
    coverage: {
      provider: 'v8',
      reporter: ['text-summary', 'html'],
      include: ['{engine,flows,content,adapters,db,shared}/**/*.ts'],
      exclude: ['**/*.test.ts', 'db/migrations/**'],
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [DB, ...INTEGRATION],
          setupFiles: ['tests/harness/unit-guard.ts'],
          // Files share each worker's module graph: a third of the time. So a unit test leaves no
          // global state behind (no module mocks or stubs without restoring them).
          isolate: false,
        },
      },
      { extends: true, test: { name: 'db', include: [DB], exclude: INTEGRATION, globalSetup: SERVICES } },
      { extends: true, test: { name: 'integration', include: INTEGRATION, globalSetup: SERVICES } },
    ],
  },
});
