import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { usersRepository } from '../../db/repositories/users.js';
import { DatabaseConnectionError } from '../../db/unavailable.js';
import {
  forEachDatabase,
  TEST_POSTGRES_URL,
  testDatabase,
  type TestDatabase,
} from '../../tests/harness/db.js';
import { TcpProxy } from '../../tests/harness/tcp-proxy.js';
import { isDatabaseUnavailable, isUniqueViolation } from './db-errors.js';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the database call to fail');
    },
    (error: unknown) => error,
  );
const selectOne = (database: { db: TestDatabase['db'] }) => failure(database.db.execute(sql`select ${1}`));

forEachDatabase((kind) => {
  describe(`isUniqueViolation on ${kind}`, () => {
    let database: TestDatabase;
    afterEach(async () => database?.cleanup());

    it('recognises a duplicate key through drizzle’s wrapping, and nothing else', async () => {
      database = await testDatabase(kind);
      const users = usersRepository(database.db);
      await users.create({ phone: '+254700000001' });
      const duplicate = await users.create({ phone: '+254700000001' }).catch((err: unknown) => err);
      expect(isUniqueViolation(duplicate)).toBe(true);
      const notNull = await users
        .create({ phone: '+254700000002', language: null as never })
        .catch((err: unknown) => err);
      expect(notNull).toBeInstanceOf(Error);
      expect(isUniqueViolation(notNull)).toBe(false);
      expect(isUniqueViolation(new Error('23505'))).toBe(false);
      expect(isUniqueViolation(undefined)).toBe(false);
    });

    it('a SQL error or a duplicate is not an outage', async () => {
      database = await testDatabase(kind);
      const users = usersRepository(database.db);
      await users.create({ phone: '+254700000003' });
      expect(isDatabaseUnavailable(await failure(users.create({ phone: '+254700000003' })))).toBe(false);
      expect(isDatabaseUnavailable(await failure(database.db.execute(sql`select * from nowhere`)))).toBe(
        false,
      );
      expect(isDatabaseUnavailable(new Error('connection refused'))).toBe(false);
      expect(isDatabaseUnavailable(undefined)).toBe(false);
    });
  });
});

describe('isDatabaseUnavailable, against the real drivers', () => {
  it('PGlite closed under the app', async () => {
    const database = await testDatabase('pglite');
    await database.close();
    expect(isDatabaseUnavailable(await selectOne(database))).toBe(true);
  });

  it('postgres.js pool ended', async () => {
    const database = await openDatabase({ kind: 'postgres', url: TEST_POSTGRES_URL, max: 1 });
    await database.close();
    expect(isDatabaseUnavailable(await selectOne(database))).toBe(true);
  });

  it('PostgreSQL stopped while the pool is open, then refusing connections', async () => {
    const { hostname, port } = new URL(TEST_POSTGRES_URL);
    const proxy = await new TcpProxy({ host: hostname, port: Number(port || 5432) }).start();
    const database = await openDatabase({ kind: 'postgres', url: proxy.url(TEST_POSTGRES_URL), max: 1 });
    try {
      await proxy.stop();
      const lost = await selectOne(database);
      expect(isDatabaseUnavailable(lost)).toBe(true);
      const refused = await selectOne(database);
      expect(isDatabaseUnavailable(refused)).toBe(true);
      expect(JSON.stringify((refused as Error).cause, ['code'])).toContain('ECONNREFUSED');
    } finally {
      // close() would wait its 5 s grace for the connection that broke
      await database.client!.end({ timeout: 0 });
      await proxy.stop();
    }
  });

  it('its connection terminated by an administrator (pg_terminate_backend)', async () => {
    const database = await openDatabase({ kind: 'postgres', url: TEST_POSTGRES_URL, max: 1 });
    const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
    try {
      const [{ pid }] = await database.client!<[{ pid: number }]>`select pg_backend_pid() as pid`;
      await admin`select pg_terminate_backend(${pid})`;
      expect(isDatabaseUnavailable(await selectOne(database))).toBe(true);
    } finally {
      await database.client!.end({ timeout: 0 });
      await admin.end();
    }
  });

  describe('too many connections', () => {
    const role = `t_busy_${randomBytes(4).toString('hex')}`;
    const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
    beforeAll(async () => {
      await admin.unsafe(`create role ${role} login connection limit 0`);
    });
    afterAll(async () => {
      await admin.unsafe(`drop role if exists ${role}`);
      await admin.end();
    });

    it('is an outage, and start-up says so in one line without the password', async () => {
      const url = new URL(TEST_POSTGRES_URL);
      url.username = role;
      url.password = 'not-a-secret-here';
      const error = await failure(openDatabase({ kind: 'postgres', url: url.toString() }));
      expect(error).toBeInstanceOf(DatabaseConnectionError);
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect((error as Error).message).toBe(
        `cannot reach PostgreSQL at ${url.hostname}:${url.port || 5432} (too many connections): start it, or check DATABASE_URL`,
      );
    });
  });

  it('a wrong database name is not an outage, and start-up names it', async () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = '/no_such_database_here';
    const error = await failure(openDatabase({ kind: 'postgres', url: url.toString() }));
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect((error as Error).message).toBe(
      `PostgreSQL at ${url.hostname}:${url.port || 5432} refused the connection: database "no_such_database_here" does not exist: check DATABASE_URL`,
    );
  });
});
