import { afterEach, describe, expect, it } from 'vitest';
import { usersRepository } from '../../db/repositories/users.js';
import { testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { isUniqueViolation } from './db-errors.js';

for (const kind of ['pglite', 'postgres'] as const) {
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
  });
}
