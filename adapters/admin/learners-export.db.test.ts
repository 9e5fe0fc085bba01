import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersRepository } from '../../db/repositories/users.js';
import { dashboardClient } from '../../tests/harness/dashboard.js';
import { forEachDatabase } from '../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../tests/harness/http-app.js';

forEachDatabase((driver) => {
  describe(`the learners list download on ${driver}`, () => {
    let test: TestApp;
    const { get, signIn } = dashboardClient(() => test);

    beforeAll(async () => {
      test = await createTestApp({ driver });
    });
    afterAll(() => test.cleanup());

    it('downloads every learner the search finds (not only the page) as CSV and JSON, formulas guarded', async () => {
      const users = usersRepository(test.database.db);
      for (let i = 0; i < 23; i++)
        await users.create({
          phone: `+2547130000${String(i).padStart(2, '0')}`,
          name: i === 0 ? '=cmd|calc' : `Wanjiku ${i}`,
        });
      await users.create({ phone: '+254713999999', name: 'Otieno' });
      const { cookie } = await signIn('operator');

      const page = await (await get('/admin/learners?q=Wanjiku', cookie)).text();
      expect(page).toContain('href="/admin/learners?q=Wanjiku&amp;format=csv"');
      const csv = await get('/admin/learners?q=Wanjiku&format=csv', cookie);
      expect(csv.headers.get('content-disposition')).toBe('attachment; filename="learners.csv"');
      const lines = (await csv.text()).split('\r\n');
      expect(lines[0]).toBe('id,name,phone,status,course,last_wrote_at');
      expect(lines).toHaveLength(1 + 22 + 1); // header, every Wanjiku across two pages, the final CRLF
      expect(lines[1]).toMatch(/^[0-9a-f-]{36},Wanjiku \d+,'\+2547130000\d\d,active,,$/);

      const json = (await (await get('/admin/learners?format=json', cookie)).json()) as {
        rows: { name: string }[];
      };
      expect(json.rows).toHaveLength(24);
      const all = await (await get('/admin/learners?format=csv', cookie)).text();
      expect(all).toContain(",'=cmd|calc,");
      expect((await get('/admin/learners?format=pdf', cookie)).status).toBe(400);
    });
  });
});
