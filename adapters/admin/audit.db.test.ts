import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersRepository } from '../../db/repositories/users.js';
import { dashboardClient } from '../../tests/harness/dashboard.js';
import { forEachDatabase } from '../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../tests/harness/http-app.js';

forEachDatabase((driver) => {
  describe(`the audit log page and API on ${driver}`, () => {
    let test: TestApp;
    const { act, get, signIn } = dashboardClient(() => test);
    let learnerId: string;
    let operatorEmail: string;

    beforeAll(async () => {
      test = await createTestApp({ driver });
      const learner = await usersRepository(test.database.db).create({ phone: '+254712410001' });
      learnerId = learner.id;
      const operator = await signIn('operator');
      operatorEmail = operator.email;
      expect((await act(operator, `/admin/learners/${learner.id}/pause`)).status).toBe(303);
      expect((await act(operator, `/admin/learners/${learner.id}/resume`)).status).toBe(303);
    });
    afterAll(() => test.cleanup());

    it('shows who paused a learner and the change as before → after, found by subject', async () => {
      const owner = await signIn('owner');
      const res = await get(
        `/admin/audit?subject=${encodeURIComponent(`learner:${learnerId}`)}`,
        owner.cookie,
      );
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('2 entries');
      expect(html).toContain(operatorEmail);
      expect(html).toContain('learner.paused');
      expect(html).toMatch(/<code>paused<\/code> <span><del>false<\/del> → <ins>true<\/ins>/);
    });

    it('narrows by admin, text and days; a wrong day is named beside its field', async () => {
      const owner = await signIn('owner');
      const byAdmin = await get(
        `/admin/audit?admin=${encodeURIComponent(operatorEmail)}&q=resumed`,
        owner.cookie,
      );
      expect(await byAdmin.text()).toContain('1 entry');
      const future = await get('/admin/audit?from=2999-01-01', owner.cookie);
      expect(await future.text()).toContain('0 entries');
      const wrong = await get('/admin/audit?from=2026-02-30', owner.cookie);
      expect(wrong.status).toBe(400);
      expect(await wrong.text()).toContain('id="audit-from-problem"');
    });

    it('answers the same search as JSON at /admin/api/audit, and refuses a malformed day', async () => {
      const headers = await test.authHeader('operator');
      const res = await test.app.request(`/admin/api/audit?subject=learner:${learnerId}&pageSize=1`, {
        headers,
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { action: string; before: unknown }[]; total: number };
      expect(body.total).toBe(2);
      expect(body.items).toEqual([
        expect.objectContaining({ action: 'learner.resumed', before: { paused: true } }),
      ]);
      const bad = await test.app.request('/admin/api/audit?from=yesterday', { headers });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
        /^from: must be a date/,
      );
      expect((await test.app.request('/admin/api/audit')).status).toBe(401);
    });
  });
});
