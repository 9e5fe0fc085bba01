import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { migrate } from '../../db/migrator.js';

/** The real PostgreSQL the tests use; CI starts it, DESIGN.md names it; global-setup.ts starts one if it is not there. */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Skip a test that needs Redis: only when it is unreachable and CI is unset (global-setup.ts says so once). */
export function withoutRedis(): boolean {
  return !inject('redisReachable') && !process.env.CI;
}

/** Skip a test that starts its own `redis-server`: only when none is installed and CI is unset. */
export function withoutRedisServer(): boolean {
  return !inject('redisServerInstalled') && !process.env.CI;
}

export type DriverKind = 'postgres' | 'pglite';

/** Both drivers, in the order the "… on pglite" / "… on postgres" tests have always run. */
export const DATABASES: readonly DriverKind[] = ['pglite', 'postgres'];

/**
 * Declares the same tests once per driver, instead of a copied `for (const kind of [...])` loop:
 * `forEachDatabase((kind) => describe(`users on ${kind}`, () => ...))`. The test names carry the
 * driver, so a failure says which one.
 */
export function forEachDatabase(declare: (kind: DriverKind) => void): void {
  for (const kind of DATABASES) declare(kind);
}

/** The driver for tests that run on "the configured database": PostgreSQL when DATABASE_URL is set. */
export function configuredDriver(): DriverKind {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

export interface TestDatabase extends DatabaseHandle {
  /** The schema this test owns on PostgreSQL (also used for pg-boss's tables). */
  schema?: string;
  url?: string;
  cleanup(): Promise<void>;
}

let template: Promise<Blob> | undefined;

/** Booting PGlite and migrating takes seconds; cloning a migrated dump takes well under one. */
function migratedPgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const handle = await openDatabase({ kind: 'pglite' });
    await migrate(handle.db);
    const dump = await handle.pglite!.dumpDataDir('none');
    await handle.close();
    return dump;
  })();
  return template;
}

/**
 * A migrated, isolated database: a fresh in-memory PGlite, or a fresh schema on the test
 * PostgreSQL so test files can run in parallel. `cleanup()` drops what it created.
 */
export async function testDatabase(
  kind: DriverKind = configuredDriver(),
  options: { migrate?: boolean; max?: number } = {},
): Promise<TestDatabase> {
  if (process.env.LEARNLOOP_UNIT_PROJECT) {
    // Set by tests/harness/unit-guard.ts: PGlite takes seconds to boot, PostgreSQL is a server.
    throw new Error(
      'a test database in the unit project: rename the test file to *.db.test.ts (docs/testing.md)',
    );
  }
  let handle: DatabaseHandle;
  let schema: string | undefined;
  if (kind === 'postgres') {
    schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create schema ${schema}`);
    await admin.end();
    handle = await openDatabase({ kind: 'postgres', url: TEST_POSTGRES_URL, schema, max: options.max });
  } else if (options.migrate === false) {
    handle = await openDatabase({ kind: 'pglite' });
  } else {
    handle = await openDatabase({ kind: 'pglite', loadDataDir: await migratedPgliteTemplate() });
  }
  if (options.migrate !== false) await migrate(handle.db);
  return {
    ...handle,
    schema,
    url: kind === 'postgres' ? TEST_POSTGRES_URL : undefined,
    async cleanup() {
      await handle.close();
      if (schema) {
        const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop schema if exists ${schema} cascade`);
        await admin.end();
      }
    },
  };
}
