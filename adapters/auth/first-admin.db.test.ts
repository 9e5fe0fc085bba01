import { afterEach, describe, expect, it } from 'vitest';
import { adminsRepository } from '../../db/repositories/admins.js';
import { forEachDatabase, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { ensureFirstAdmin } from './first-admin.js';
import { verifyPassword } from './password.js';

forEachDatabase((kind) => {
  describe(`ensureFirstAdmin on ${kind}`, () => {
    let database: TestDatabase;
    afterEach(async () => database?.cleanup());

    it('creates the owner once, even when two processes start together; a later password changes nothing', async () => {
      database = await testDatabase(kind);
      const config = { email: 'Owner@Example.com', password: 'first password' };
      const outcomes = await Promise.all([
        ensureFirstAdmin(database.db, config),
        ensureFirstAdmin(database.db, config),
      ]);
      expect(outcomes.sort()).toEqual(['created', 'exists']);
      expect(await ensureFirstAdmin(database.db, { ...config, password: 'another password' })).toBe('exists');

      const admin = await adminsRepository(database.db).findByEmail('owner@example.com');
      expect(admin).toMatchObject({ email: 'owner@example.com', role: 'owner' });
      expect(await verifyPassword('first password', admin!.passwordHash)).toBe(true);
    });

    it('does nothing without ADMIN_EMAIL / ADMIN_PASSWORD', async () => {
      database = await testDatabase(kind);
      expect(await ensureFirstAdmin(database.db, undefined)).toBe('not_configured');
    });
  });
});
