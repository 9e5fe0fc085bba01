import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../tests/harness/db.js';
import { rowsOf } from './rows.js';

describe('transactions on a busy PostgreSQL pool', () => {
  let database: TestDatabase;
  afterEach(async () => database?.cleanup());

  // Transactions reserve their connection before BEGIN (db/client.ts): postgres.js 3.4.9 can write
  // BEGIN to a busy connection without reserving it (porsager/postgres#823, UNSAFE_TRANSACTION).
  it('runs every transaction started while all connections are busy, each seeing its own writes', async () => {
    database = await testDatabase('postgres', { max: 3, migrate: false });
    const { db } = database;
    await db.execute(sql`create table counter (n int not null)`);
    await db.execute(sql`insert into counter values (0)`);
    for (let round = 0; round < 5; round++) {
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 3; i++) work.push(db.execute(sql`select pg_sleep(0.05)`));
      for (let i = 0; i < 6; i++) work.push(db.execute(sql`select ${i}::int as i`));
      for (let i = 0; i < 5; i++) {
        work.push(
          db.transaction(async (tx) => {
            await tx.execute(sql`update counter set n = n + 1`);
            // Another query in the same transaction must see its own write.
            return rowsOf<{ n: number }>(await tx.execute(sql`select n from counter`))[0]!.n;
          }),
        );
      }
      const results = await Promise.allSettled(work);
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    }
    const [row] = rowsOf<{ n: number }>(await db.execute(sql`select n from counter`));
    expect(row!.n).toBe(25);
  });

  it('rolls a failed transaction back and gives its connection back', async () => {
    database = await testDatabase('postgres', { max: 1, migrate: false });
    const { db } = database;
    await db.execute(sql`create table notes (text text not null)`);
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into notes values ('kept?')`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(rowsOf(await db.execute(sql`select * from notes`))).toEqual([]);
  });
});
