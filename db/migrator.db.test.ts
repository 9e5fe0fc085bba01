import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrate, readMigrations, rollback, resetDatabase } from './migrator.js';
import { rowsOf } from './rows.js';
import { forEachDatabase, testDatabase, type TestDatabase } from '../tests/harness/db.js';

/** Tables, columns, types, defaults and indexes: everything a migration can change. */
async function describeSchema(database: TestDatabase): Promise<unknown> {
  const columns = await database.db.execute(sql`
    select table_name, column_name, data_type, is_nullable, column_default
    from information_schema.columns where table_schema = current_schema()
    order by table_name, column_name`);
  const indexes = await database.db.execute(sql`
    select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema()
    order by tablename, indexname`);
  return { columns: rowsOf(columns), indexes: rowsOf(indexes) };
}

forEachDatabase((kind) => {
  describe(`migrations on ${kind}`, () => {
    let database: TestDatabase;
    afterEach(async () => database?.cleanup());

    it('migrate → rollback → migrate leaves the identical schema', async () => {
      database = await testDatabase(kind, { migrate: false });
      expect(await migrate(database.db)).toEqual(readMigrations().map((m) => m.tag));
      const first = await describeSchema(database);
      expect(JSON.stringify(first)).toContain('users_phone_unique');

      for (const tag of readMigrations()
        .map((m) => m.tag)
        .reverse())
        expect(await rollback(database.db)).toBe(tag);
      const empty = (await describeSchema(database)) as { columns: { table_name: string }[] };
      expect(empty.columns.filter((c) => c.table_name !== 'schema_migrations')).toEqual([]);

      await migrate(database.db);
      expect(await describeSchema(database)).toEqual(first);
    });

    it('is idempotent and db:reset leaves an empty migrated database', async () => {
      database = await testDatabase(kind);
      expect(await migrate(database.db)).toEqual([]);
      await database.db.execute(sql`insert into users (phone) values ('+254700000009')`);
      await resetDatabase(database.db);
      expect(rowsOf(await database.db.execute(sql`select * from users`))).toEqual([]);
    });
  });
});
