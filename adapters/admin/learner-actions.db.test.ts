import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchAdminAudit } from '../../db/repositories/admin-audit.js';
import { profileRepository } from '../../db/repositories/profile.js';
import { usersRepository } from '../../db/repositories/users.js';
import { dashboardClient } from '../../tests/harness/dashboard.js';
import { forEachDatabase } from '../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../tests/harness/http-app.js';

forEachDatabase((driver) => {
  describe(`learner preferences, export and erase on the dashboard (${driver})`, () => {
    let test: TestApp;
    const { act, get, signIn } = dashboardClient(() => test);
    const audit = (id: string) =>
      searchAdminAudit(test.database.db, { subject: `learner:${id}`, page: 1, pageSize: 10 });
    const learner = (phone: string) =>
      usersRepository(test.database.db).create({ phone, name: 'Amina', language: 'en' });

    beforeAll(async () => {
      test = await createTestApp({ driver });
    });
    afterAll(() => test.cleanup());

    it('changes language, time zone and lesson time, with before and after in the audit', async () => {
      const { id } = await learner('+254712700001');
      const operator = await signIn('operator');
      const res = await act(operator, `/admin/learners/${id}/preferences`, {
        language: 'sw',
        timezone: 'Africa/Kampala',
        dailyTime: '18:30',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/admin/learners/${id}?done=preferencesChanged`);
      expect(await profileRepository(test.database.db).find(id)).toMatchObject({
        language: 'sw',
        timezone: 'Africa/Kampala',
        dailyTime: '18:30',
      });
      const [entry] = (await audit(id)).items;
      expect(entry).toMatchObject({
        action: 'learner.preferencesChanged',
        before: { language: 'en', timezone: 'Africa/Nairobi', dailyTime: null },
        after: { language: 'sw', timezone: 'Africa/Kampala', dailyTime: '18:30' },
      });
    });

    it('says what is wrong beside each field and changes nothing', async () => {
      const { id } = await learner('+254712700002');
      const operator = await signIn('operator');
      const res = await act(operator, `/admin/learners/${id}/preferences`, {
        language: 'fr',
        timezone: 'Mars/Olympus',
        dailyTime: '25:00',
      });
      expect(res.status).toBe(400);
      const html = (await res.text()).replaceAll('&quot;', '"');
      expect(html).toContain('Language must be English (en) or Kiswahili (sw).');
      expect(html).toContain('"Mars/Olympus" is not a time zone: use a name like Africa/Nairobi.');
      expect(html).toContain('The lesson time must be a 24-hour time like 07:30.');
      expect(await profileRepository(test.database.db).find(id)).toMatchObject({
        language: 'en',
        timezone: 'Africa/Nairobi',
      });
      expect((await audit(id)).total).toBe(0);
    });

    it("downloads the learner's export", async () => {
      const { id } = await learner('+254712700003');
      const operator = await signIn('operator');
      const res = await get(`/admin/learners/${id}/export`, operator.cookie);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain('learnloop-export-');
      const document = (await res.json()) as { format: string; learner: { phone: string } };
      expect(document.format).toBe('learnloop.learner-export/2');
      expect(JSON.stringify(document)).toContain('+254712700003');
    });

    it('erases only for an owner who typed the phone; an operator gets 403 and leaves no audit row', async () => {
      const { id } = await learner('+254712700004');
      const operator = await signIn('operator');
      expect((await act(operator, `/admin/learners/${id}/erase`, { phone: '+254712700004' })).status).toBe(
        403,
      );
      const owner = await signIn('owner');
      const wrong = await act(owner, `/admin/learners/${id}/erase`, { phone: '+254712700005' });
      expect(wrong.status).toBe(400);
      expect((await wrong.text()).replaceAll('&#39;', "'")).toContain(
        "Type the learner's phone exactly, +254712700004, to confirm",
      );
      expect((await audit(id)).total).toBe(0);
      expect(await profileRepository(test.database.db).find(id)).toBeDefined();

      const erased = await act(owner, `/admin/learners/${id}/erase`, { phone: '+254 712 700 004' });
      expect(erased.status).toBe(303);
      expect(await profileRepository(test.database.db).find(id)).toBeUndefined();
      const [entry] = (await audit(id)).items;
      expect(entry).toMatchObject({
        action: 'learner.erased',
        adminEmail: owner.email,
        before: { phone: '+254712700004', name: 'Amina' },
      });
    });
  });
});
