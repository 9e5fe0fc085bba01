import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../migrator.js';
import { rowsOf } from '../rows.js';
import { forEachDatabase, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { engineStore } from './engine-store.js';
import { learnerIdentities, type LearnerIdentities } from './learner-identities.js';
import { usersRepository } from './users.js';

const PHONE = '+254712345678';
const BSUID = 'KE.1502576394655843';

forEachDatabase((kind) => {
  describe(`learner identities on ${kind}`, () => {
    let database: TestDatabase;
    let identities: LearnerIdentities;
    beforeEach(async () => {
      database = await testDatabase(kind);
      identities = learnerIdentities(database.db);
    });
    afterEach(() => database.cleanup());

    const learner = (address: string) => usersRepository(database.db).findByPhone(address);
    const kinds = async (address: string) =>
      (await identities.of((await learner(address))!.id)).map((i) => `${i.kind}:${i.value}`).sort();

    it('migration 0008 gives every existing learner a phone identity', async () => {
      await database.cleanup();
      database = await testDatabase(kind, { migrate: false });
      identities = learnerIdentities(database.db);
      const all = readMigrations();
      const at = all.findIndex((m) => m.tag === '0008_learner_identities');
      await migrate(database.db, all.slice(0, at));
      await database.db.execute(sql`insert into users (phone) values (${PHONE}), ('+447700900123')`);
      await migrate(database.db, all);
      const rows = rowsOf<{ kind: string; value: string }>(
        await database.db.execute(sql`select kind, value from learner_identities order by value`),
      );
      expect(rows).toEqual([
        { kind: 'phone', value: PHONE },
        { kind: 'phone', value: '+447700900123' },
      ]);
      expect(await identities.resolveAddress({ phone: PHONE, bsuid: BSUID })).toBe(PHONE);
    });

    it('answers a phone-only webhook with its phone and creates nothing', async () => {
      expect(await identities.resolveAddress({ phone: PHONE })).toBe(PHONE);
      expect(await learner(PHONE)).toBeUndefined();
    });

    it('addresses a new learner by phone when known, else by BSUID, and links what the webhook carries', async () => {
      expect(await identities.resolveAddress({ phone: PHONE, bsuid: BSUID })).toBe(PHONE);
      expect(await kinds(PHONE)).toEqual([`bsuid:${BSUID}`, `phone:${PHONE}`]);
      const other = 'KE.99887766554433';
      expect(await identities.resolveAddress({ bsuid: other, username: 'amina.k' })).toBe(other);
      expect(await kinds(other)).toEqual([`bsuid:${other}`, 'username:amina.k']);
      // The username changes: the learner keeps one.
      expect(await identities.resolveAddress({ bsuid: other, username: 'amina.kamau' })).toBe(other);
      expect(await kinds(other)).toEqual([`bsuid:${other}`, 'username:amina.kamau']);
    });

    it('finds a phone learner (created by the engine) when a BSUID first shows up, then by BSUID alone', async () => {
      const id = await engineStore(database.db).ensureLearner(PHONE);
      expect(await identities.resolveAddress({ phone: PHONE, bsuid: BSUID })).toBe(PHONE);
      expect(await identities.resolveAddress({ bsuid: BSUID, username: 'amina.k' })).toBe(PHONE);
      expect((await learner(PHONE))!.id).toBe(id);
      expect(await kinds(PHONE)).toEqual([`bsuid:${BSUID}`, `phone:${PHONE}`, 'username:amina.k']);
    });

    it('keeps the BSUID address of a learner whose phone shows up later, and links the phone', async () => {
      expect(await identities.resolveAddress({ bsuid: BSUID })).toBe(BSUID);
      expect(await identities.resolveAddress({ bsuid: BSUID, phone: PHONE })).toBe(BSUID);
      // Later, the phone alone with a BSUID finds them by BSUID first.
      expect(await identities.resolveAddress({ phone: PHONE, bsuid: BSUID })).toBe(BSUID);
      expect(await kinds(BSUID)).toEqual([`bsuid:${BSUID}`, `phone:${PHONE}`]);
    });

    it('never merges a recycled number: a known phone with a new BSUID and no change event is a new learner', async () => {
      const id = await engineStore(database.db).ensureLearner(PHONE);
      await identities.resolveAddress({ phone: PHONE, bsuid: BSUID });
      const stranger = 'KE.4040404040404040';
      expect(await identities.resolveAddress({ phone: PHONE, bsuid: stranger })).toBe(stranger);
      expect((await learner(stranger))!.id).not.toBe(id);
      expect(await identities.resolveAddress({ phone: PHONE, bsuid: BSUID })).toBe(PHONE);
      expect(await kinds(PHONE)).toEqual([`bsuid:${BSUID}`, `phone:${PHONE}`]);
      // Once the first learner moved to a new number, the old one addresses the newcomer.
      await identities.changeIdentity({ previousBsuid: BSUID, bsuid: 'KE.5', phone: '+254733000000' });
      expect(await identities.resolveAddress({ phone: PHONE, bsuid: 'KE.6060606060' })).toBe(PHONE);
      expect((await learner(PHONE))!.id).not.toBe(id);
    });

    it('resolves concurrent first contacts of one person to one learner', async () => {
      const addresses = await Promise.all(
        Array.from({ length: 6 }, () => identities.resolveAddress({ bsuid: BSUID, username: 'amina.k' })),
      );
      expect(new Set(addresses)).toEqual(new Set([BSUID]));
      const count = await database.db.execute(`select count(*)::int as n from users`);
      expect(((count as { rows?: unknown[] }).rows ?? (count as unknown[]))[0]).toEqual({ n: 1 });
      expect(await kinds(BSUID)).toEqual([`bsuid:${BSUID}`, 'username:amina.k']);
    });

    it('moves a changed BSUID and number to the same learner, progress kept', async () => {
      const id = await engineStore(database.db).ensureLearner(PHONE);
      await usersRepository(database.db).update(id, { learningState: { streak: 4 } });
      await identities.resolveAddress({ phone: PHONE, bsuid: BSUID });
      const newBsuid = 'KE.2739104857362019';
      const moved = await identities.changeIdentity({
        previousBsuid: BSUID,
        previousPhone: PHONE,
        bsuid: newBsuid,
        phone: '+254722000111',
      });
      expect(moved).toEqual({ id, address: '+254722000111' });
      expect(await identities.resolveAddress({ bsuid: newBsuid })).toBe('+254722000111');
      expect((await learner('+254722000111'))!.learningState).toEqual({ streak: 4 });
      // A BSUID-addressed learner whose BSUID changes is addressed by the new one.
      await identities.resolveAddress({ bsuid: 'KE.111' });
      expect(await identities.changeIdentity({ previousBsuid: 'KE.111', bsuid: 'KE.222' })).toMatchObject({
        address: 'KE.222',
      });
      expect(await identities.changeIdentity({ previousBsuid: 'KE.unknown', bsuid: 'KE.333' })).toBeNull();
    });
  });
});
