import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchAdminAudit } from '../../../db/repositories/admin-audit.js';
import { usersRepository } from '../../../db/repositories/users.js';
import { dashboardClient } from '../../../tests/harness/dashboard.js';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';

forEachDatabase((driver) => {
  describe(`the admin audit trail on ${driver}`, () => {
    let test: TestApp;
    const { act, signIn } = dashboardClient(() => test);
    const audit = (subject?: string) =>
      searchAdminAudit(test.database.db, { subject, page: 1, pageSize: 50 });

    beforeAll(async () => {
      test = await createTestApp({ driver });
    });
    afterAll(() => test.cleanup());

    it('records who paused and resumed a learner on the dashboard, with before and after', async () => {
      const learner = await usersRepository(test.database.db).create({ phone: '+254712400001' });
      const operator = await signIn('operator');
      expect((await act(operator, `/admin/learners/${learner.id}/pause`)).status).toBe(303);
      expect((await act(operator, `/admin/learners/${learner.id}/resume`)).status).toBe(303);

      const { items, total } = await audit(`learner:${learner.id}`);
      expect(total).toBe(2);
      expect(items.map((entry) => entry.action)).toEqual(['learner.resumed', 'learner.paused']);
      const paused = items[1]!;
      expect(paused).toMatchObject({
        adminEmail: operator.email,
        before: { paused: false },
        after: { paused: true },
        method: 'POST',
        path: `/admin/learners/${learner.id}/pause`,
        status: 303,
      });
      expect(paused.requestId).toBeTruthy();
    });

    it('leaves no entry for a refused action: a forged CSRF token, or an operator trying an owner action', async () => {
      const learner = await usersRepository(test.database.db).create({ phone: '+254712400002' });
      const operator = await signIn('operator');
      const forged = { ...operator, csrf: 'forged' };
      expect((await act(forged, `/admin/learners/${learner.id}/pause`)).status).toBe(403);
      const optOut = await act(operator, `/admin/learners/${learner.id}/opt-out`, { confirm: 'yes' });
      expect(optOut.status).toBe(403);
      expect((await audit(`learner:${learner.id}`)).total).toBe(0);
    });

    it('records JSON API changes too, by what the route says or else by method and path', async () => {
      const headers = { ...(await test.authHeader('owner')), 'Content-Type': 'application/json' };
      const res = await test.app.request('/users', {
        method: 'POST',
        headers,
        body: JSON.stringify({ phone: '+254712400003', name: 'Wanjiru' }),
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      const [created] = (await audit(`learner:${id}`)).items;
      expect(created).toMatchObject({ action: 'learner.created', after: { name: 'Wanjiru' }, status: 201 });

      const duplicate = await test.app.request('/users', {
        method: 'POST',
        headers,
        body: JSON.stringify({ phone: '+254712400003' }),
      });
      expect(duplicate.status).toBe(409);
      expect((await audit(`learner:${id}`)).total).toBe(1);
    });

    it('is searchable by part of the action, the admin or the subject', async () => {
      const { items } = await searchAdminAudit(test.database.db, { q: 'RESUMED', page: 1, pageSize: 10 });
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((entry) => entry.action === 'learner.resumed')).toBe(true);
    });
  });
});
