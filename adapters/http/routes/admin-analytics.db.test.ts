import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenLearner } from '../../../adapters/simulator/transcript-given.js';
import { progressRepository } from '../../../db/repositories/progress.js';
import { seedLearner } from '../../../db/repositories/seed-learner.js';
import { contentCatalog } from '../../../flows/content-catalog.js';
import { createFlowRegistry } from '../../../flows/index.js';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';
import { simulate, type Simulation } from '../../../tests/harness/simulate.js';

const catalog = contentCatalog();
const registry = createFlowRegistry({ catalog });
const lessons = catalog.lessons('money-basics').map((lesson) => lesson.slug);

forEachDatabase((driver) => {
  describe(`GET /admin/api/analytics on ${driver}`, () => {
    let test: TestApp;
    let sim: Simulation;
    let auth: Record<string, string>;

    beforeAll(async () => {
      test = await createTestApp({
        driver,
        extra: { now: () => sim.clock.now(), catalog: { ...catalog, refresh: async () => {} } },
      });
      // Monday 2 March 2026: the first cohort's week.
      sim = await simulate({ database: test.database, start: '2026-03-02T07:00:00Z', registry });
      auth = await test.authHeader('operator');
    }, 60_000);
    afterAll(async () => {
      await sim?.close();
      await test?.cleanup();
    });

    const get = async (path: string) => {
      const response = await test.app.request(path, { headers: auth });
      return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field
    };

    it('retention: each week’s new learners and how many of them wrote again in the weeks after', async () => {
      const [amina, baraka, chebet, daudi] = ['01', '02', '03', '04'].map((n) =>
        sim.learner(`+2547110007${n}`),
      );
      for (const learner of [amina!, baraka!, chebet!]) await learner.says('Hi');
      await sim.advance('7d');
      await amina!.says('English');
      await baraka!.says('English');
      await daudi!.says('Hello'); // the second week's only new learner
      await sim.advance('7d');
      await amina!.says('1');
      await sim.advance('2d'); // Wednesday 18 March: the third week has begun

      const { status, body } = await get('/admin/api/analytics/retention');
      expect(status).toBe(200);
      expect(body.cohorts).toEqual([
        { week: '2026-03-02', learners: 3, active: [3, 2, 1], retention: [1, 0.667, 0.333] },
        { week: '2026-03-09', learners: 1, active: [1, 0], retention: [1, 0] },
      ]);
      const two = await get('/admin/api/analytics/retention?weeks=2&from=2026-03-02&to=2026-03-08');
      expect(two.body.cohorts).toEqual([
        { week: '2026-03-02', learners: 3, active: [3, 2], retention: [1, 0.667] },
      ]);
      const bad = await get('/admin/api/analytics/retention?weeks=0&from=yesterday');
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/weeks.*must be a whole number of weeks from 1 to 52/s);
      expect(JSON.stringify(bad.body)).toMatch(/from.*must be a date/s);
    });

    it('funnel: the learners who chose a course, finished each lesson in order, and finished it all', async () => {
      const progress = progressRepository(test.database.db);
      const at = sim.clock.now();
      // Four learners in Money basics: all four finished lesson 1, two lesson 2, one every lesson.
      const finished = [lessons.slice(0, 1), lessons.slice(0, 2), lessons.slice(0, 2), lessons];
      for (const [i, done] of finished.entries()) {
        const given = {
          language: 'en',
          timezone: 'Africa/Nairobi',
          course: 'money-basics',
          lessonTime: '07:30',
          completed: done,
          where: {},
        };
        const learner = givenLearner(given, `+2547110008${i}0`, at, catalog, registry).learner!;
        learner.rootTimers = []; // no daily lessons: the recorded completions are what is counted
        const userId = await seedLearner(test.database.db, learner);
        for (const lesson of done)
          await progress.recordLessonCompletion({
            userId,
            course: 'money-basics',
            lesson,
            startedAt: null,
            completedAt: at,
            secondsSpent: 60,
            at,
          });
      }
      const { status, body } = await get('/admin/api/analytics/funnel?course=money-basics');
      expect(status).toBe(200);
      const [funnel] = body.courses;
      expect(funnel).toMatchObject({
        course: 'money-basics',
        enrolled: 4,
        completed: 1,
        completionRate: 0.25,
      });
      expect(funnel.lessons.map((s: { learners: number }) => s.learners)).toEqual(
        [4, 3, 1, 1, 1, 1].slice(0, lessons.length),
      );
      expect(funnel.lessons[1]).toMatchObject({
        position: 2,
        lesson: lessons[1],
        share: 0.75,
        fromPrevious: 0.75,
      });
      expect(funnel.lessons[2]).toMatchObject({ share: 0.25, fromPrevious: 0.333 });

      const all = await get('/admin/api/analytics/funnel');
      expect(all.body.courses.map((c: { course: string }) => c.course)).toEqual(
        catalog.courses().map((c) => c.slug),
      );
      expect((await get('/admin/api/analytics/funnel?course=no-such-course')).status).toBe(404);
      expect((await get('/admin/api/analytics/funnel?course=Not A Slug')).status).toBe(400);
      expect((await test.app.request('/admin/api/analytics/funnel')).status).toBe(401);
    });
  });
});
