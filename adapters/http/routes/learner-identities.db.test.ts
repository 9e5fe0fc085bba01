import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LearnerExport } from '../../../db/repositories/learner-export.js';
import { learnerIdentities } from '../../../db/repositories/learner-identities.js';
import { learnerIdentities as identityRows } from '../../../db/schema/index.js';
import { usersRepository } from '../../../db/repositories/users.js';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';
import { LEARNER_NAME_REASON } from './admin-query.js';

interface ErrorJson {
  error: { code: string; details?: { field: string; reason: string }[] };
}

/** Operators find learners by any name WhatsApp gave them, and see those names (issue 15). */
forEachDatabase((driver) => {
  describe(`learners by phone, BSUID and username in the admin API on ${driver}`, () => {
    let test: TestApp;
    let headers: Record<string, string>;
    const ids: Record<'amina' | 'baraka' | 'chege', string> = { amina: '', baraka: '', chege: '' };
    const get = (path: string) => test.app.request(path, { headers });
    const search = async (q: string) => {
      const res = await get(`/admin/api/users?q=${encodeURIComponent(q)}`);
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as { users: { id: string }[] }).users.map((user) => user.id);
    };

    beforeAll(async () => {
      test = await createTestApp({ driver });
      headers = await test.authHeader('operator');
      const identities = learnerIdentities(test.database.db);
      const users = usersRepository(test.database.db);
      // Amina: a username, no phone ever seen. Baraka: phone and BSUID. Chege: a phone only.
      const amina = await identities.resolveAddress({ bsuid: 'KE.1110001112223334', username: 'amina.k' });
      const baraka = await identities.resolveAddress({
        phone: '+254711000222',
        bsuid: 'KE.2220001112223334',
      });
      await users.create({ phone: '+254711000333' });
      ids.amina = (await users.findByPhone(amina))!.id;
      ids.baraka = (await users.findByPhone(baraka))!.id;
      ids.chege = (await users.findByPhone('+254711000333'))!.id;
    });
    afterAll(async () => test?.cleanup());

    it('GET /admin/api/users?q= finds a learner by BSUID, username (with @, any case), phone in any spelling or id', async () => {
      expect(await search('KE.1110001112223334')).toEqual([ids.amina]);
      expect(await search('@amina.k')).toEqual([ids.amina]);
      expect(await search('Amina.K')).toEqual([ids.amina]);
      expect(await search('KE.2220001112223334')).toEqual([ids.baraka]);
      expect(await search('0711 000 222')).toEqual([ids.baraka]);
      expect(await search('whatsapp:+254711000333')).toEqual([ids.chege]);
      expect(await search(ids.chege)).toEqual([ids.chege]);
      expect(await search('KE.9990001112223334')).toEqual([]);
      expect(await search('@nobody.here')).toEqual([]);
    });

    it('answers 400 naming q when it is no learner name', async () => {
      for (const q of ['a!', 'KE.', '+', 'x'.repeat(201)]) {
        const res = await get(`/admin/api/users?q=${encodeURIComponent(q)}`);
        expect(res.status, q).toBe(400);
        const [detail] = ((await res.json()) as ErrorJson).error.details!;
        expect(detail!.field).toBe('/q');
        if (q.length < 200) expect(detail!.reason).toBe(LEARNER_NAME_REASON);
      }
    });

    it('GET /api/users/:id lists the learner’s identities, their address marked', async () => {
      const amina = await (await get(`/api/users/${ids.amina}`)).json();
      expect(amina).toMatchObject({ phone: 'KE.1110001112223334' });
      expect(amina.identities).toEqual([
        { kind: 'bsuid', value: 'KE.1110001112223334', since: expect.any(String), address: true },
        { kind: 'username', value: 'amina.k', since: expect.any(String), address: false },
      ]);
      const baraka = await (await get(`/api/users/${ids.baraka}`)).json();
      expect(
        baraka.identities.map((i: { kind: string; address: boolean }) => `${i.kind} ${i.address}`),
      ).toEqual(['bsuid false', 'phone true']);
      // A learner who only ever wrote with a phone has no identity rows: the address is still listed.
      const chege = await (await get(`/api/users/${ids.chege}`)).json();
      expect(chege.identities).toEqual([
        { kind: 'phone', value: '+254711000333', since: expect.any(String), address: true },
      ]);
      expect((await get('/api/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });

    it('the activity and message filters take a BSUID or username too: 404 for nobody, 400 for no name', async () => {
      expect((await get('/admin/api/activity?user=@amina.k')).status).toBe(200);
      expect((await get('/admin/api/messages?learner=KE.2220001112223334')).status).toBe(200);
      expect((await get('/admin/api/activity?user=@nobody.here')).status).toBe(404);
      const bad = await get('/admin/api/messages?learner=a!');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as ErrorJson).error.details).toEqual([
        { field: '/learner', reason: LEARNER_NAME_REASON },
      ]);
    });

    it('EXPORT lists the learner’s identities; erasing the learner erases them', async () => {
      const res = await get(`/api/users/${ids.amina}/export`);
      expect(res.status).toBe(200);
      const document = (await res.json()) as LearnerExport;
      expect(document.identities.map((i) => `${i.kind}:${i.value}`)).toEqual([
        'bsuid:KE.1110001112223334',
        'username:amina.k',
      ]);
      const rows = () =>
        test.database.db.select().from(identityRows).where(eq(identityRows.userId, ids.amina));
      expect(await rows()).toHaveLength(2);
      expect(await usersRepository(test.database.db).remove(ids.amina)).toBe(true);
      expect(await rows()).toEqual([]);
      expect(await search('@amina.k')).toEqual([]);
      expect((await get(`/api/users/${ids.amina}`)).status).toBe(404);
    });
  });
});
