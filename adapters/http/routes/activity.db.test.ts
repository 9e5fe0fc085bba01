import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { usersRepository } from '../../../db/repositories/users.js';
import { activityLog, inboundMessages } from '../../../db/schema/index.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';
import { LEARNER_NAME_REASON } from './admin-query.js';

interface ErrorJson {
  error: { code: string; message: string; details?: { field: string; reason: string }[] };
}
interface ActivityJson {
  items: { id: number; phone: string; kind: string; at: string; inbound: { event: unknown } | null }[];
  page: number;
  pageSize: number;
  total: number;
  pages: number;
}

forEachDatabase((driver) => {
  describe(`GET /admin/api/activity on ${driver}`, () => {
    let test: TestApp;
    let headers: Record<string, string>;
    let amina: string;
    const list = async (query: string) => {
      const res = await test.app.request(`/admin/api/activity${query}`, { headers });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as ActivityJson;
    };
    const kinds = (body: ActivityJson) => body.items.map((item) => `${item.phone} ${item.kind} ${item.at}`);

    beforeAll(async () => {
      test = await createTestApp({ driver });
      headers = await test.authHeader('operator');
      const users = usersRepository(test.database.db);
      amina = (await users.create({ phone: '+254712000011' })).id;
      const baraka = (await users.create({ phone: '+254712000022' })).id;
      const [inbound] = await test.database.db
        .insert(inboundMessages)
        .values({
          channel: 'console',
          providerId: 'm-1',
          userId: amina,
          event: { type: 'message', message: { kind: 'text', text: 'PROGRESS' } },
        })
        .returning();
      const row = (userId: string, turn: number, kind: string, at: string, inboundId?: number) => ({
        userId,
        turn,
        kind,
        inboundId,
        state: { flow: 'lesson' },
        createdAt: new Date(at),
      });
      await test.database.db
        .insert(activityLog)
        .values([
          row(amina, 1, 'learner.message', '2026-03-01T10:00:00Z'),
          row(amina, 2, 'timer.fired', '2026-03-02T08:00:00Z'),
          row(amina, 3, 'learner.message', '2026-03-02T09:00:00Z', inbound!.id),
          row(baraka, 1, 'learner.message', '2026-03-02T12:00:00Z'),
        ]);
    });
    afterAll(async () => test?.cleanup());

    it('lists every turn newest first, with what the learner sent', async () => {
      const body = await list('');
      expect(kinds(body)).toEqual([
        '+254712000022 learner.message 2026-03-02T12:00:00.000Z',
        '+254712000011 learner.message 2026-03-02T09:00:00.000Z',
        '+254712000011 timer.fired 2026-03-02T08:00:00.000Z',
        '+254712000011 learner.message 2026-03-01T10:00:00.000Z',
      ]);
      expect(body).toMatchObject({ page: 1, pageSize: 50, total: 4, pages: 1 });
      expect(body.items[1]!.inbound).toEqual({
        channel: 'console',
        event: { type: 'message', message: { kind: 'text', text: 'PROGRESS' } },
      });
      expect(body.items[2]!.inbound).toBeNull();
    });

    it('filters by learner (id or phone), date range and kind, and pages', async () => {
      expect((await list(`?user=${amina}`)).total).toBe(3);
      expect((await list('?user=0712%20000%20011')).total).toBe(3);
      expect(kinds(await list('?from=2026-03-02&to=2026-03-02'))).toHaveLength(3);
      expect(kinds(await list('?from=2026-03-02T08:30:00Z&to=2026-03-02T12:00:00Z'))).toEqual([
        '+254712000011 learner.message 2026-03-02T09:00:00.000Z',
      ]);
      expect(kinds(await list('?to=2026-03-01'))).toEqual([
        '+254712000011 learner.message 2026-03-01T10:00:00.000Z',
      ]);
      expect(kinds(await list(`?kind=timer.fired&user=${amina}`))).toEqual([
        '+254712000011 timer.fired 2026-03-02T08:00:00.000Z',
      ]);
      const second = await list('?page=2&pageSize=3');
      expect(second).toMatchObject({ page: 2, pageSize: 3, total: 4, pages: 2 });
      expect(kinds(second)).toEqual(['+254712000011 learner.message 2026-03-01T10:00:00.000Z']);
    });

    it('bad filters → 400 naming the field, an unknown learner → 404, no token → 401', async () => {
      const dateReason = 'must be a date (2026-03-02) or an instant with its offset (2026-03-02T07:30:00Z)';
      const cases: [string, string, string][] = [
        ['?from=yesterday', '/from', dateReason],
        ['?to=2026-13-01', '/to', dateReason],
        ['?from=2026-03-02T10:00:00', '/from', dateReason],
        ['?from=2026-03-03&to=2026-03-01', '/from', 'must not be after to'],
        ['?page=0', '/page', 'must be >= 1'],
        ['?pageSize=500', '/pageSize', 'must be <= 200'],
        ['?user=some one', '/user', LEARNER_NAME_REASON],
        ['?sort=asc', '/sort', 'is not allowed'],
      ];
      for (const [query, field, reason] of cases) {
        const res = await test.app.request(`/admin/api/activity${query}`, { headers });
        expect(res.status, query).toBe(400);
        expect(((await res.json()) as ErrorJson).error.details).toEqual([{ field, reason }]);
      }
      for (const user of ['00000000-0000-4000-8000-000000000000', '+254799999999']) {
        const res = await test.app.request(`/admin/api/activity?user=${encodeURIComponent(user)}`, {
          headers,
        });
        expect(res.status).toBe(404);
      }
      expect((await test.app.request('/admin/api/activity')).status).toBe(401);
    });
  });
});
