import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenLearner } from '../simulator/transcript-given.js';
import { progressRepository } from '../../db/repositories/progress.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { createFlowRegistry } from '../../flows/index.js';
import { dashboardClient } from '../../tests/harness/dashboard.js';
import { forEachDatabase } from '../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../tests/harness/http-app.js';
import { simulate, type Simulation } from '../../tests/harness/simulate.js';

const catalog = contentCatalog();
const registry = createFlowRegistry({ catalog });
const lessons = catalog.lessons('money-basics').map((lesson) => lesson.slug);
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replace(/\s+/g, ' ');

forEachDatabase((driver) => {
  describe(`the analytics pages on ${driver}`, () => {
    let test: TestApp;
    let sim: Simulation;
    const { get, signIn } = dashboardClient(() => test);
    let cookie: string;
    const read = async (path: string) => {
      const res = await get(path, cookie);
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    };

    beforeAll(async () => {
      test = await createTestApp({
        driver,
        extra: { now: () => sim.clock.now(), catalog: { ...catalog, refresh: async () => {} } },
      });
      // Monday 2 March 2026, 07:00 UTC: 10:00 in Nairobi, where the learners live.
      sim = await simulate({ database: test.database, start: '2026-03-02T07:00:00Z', registry });
      cookie = (await signIn('operator')).cookie;
    }, 60_000);
    afterAll(async () => {
      await sim?.close();
      await test?.cleanup();
    });

    it('shows a course funnel step by step and downloads the same table as CSV and JSON', async () => {
      const progress = progressRepository(test.database.db);
      const at = sim.clock.now();
      for (const [i, done] of [lessons.slice(0, 1), lessons.slice(0, 2)].entries()) {
        const given = {
          language: 'en',
          timezone: 'Africa/Nairobi',
          course: 'money-basics',
          lessonTime: '07:30',
          completed: done,
          where: {},
        };
        const learner = givenLearner(given, `+2547120008${i}0`, at, catalog, registry).learner!;
        learner.rootTimers = [];
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
      const page = await read('/admin/analytics?course=money-basics');
      expect(page.status).toBe(200);
      expect(text(page.body)).toMatch(/Chose the course 2 100\.0 %/);
      expect(text(page.body)).toMatch(new RegExp(`lesson 2 ${lessons[1]} .* 1 50\\.0 % 50\\.0 %`));
      expect(page.body).toContain('src="data:image/svg+xml;base64,');
      expect(page.body).toContain('href="/admin/analytics?course=money-basics&amp;format=csv"');

      const csv = await read('/admin/analytics?course=money-basics&format=csv');
      expect(csv.type).toBe('text/csv; charset=utf-8');
      const lines = csv.body.split('\r\n');
      expect(lines[0]).toBe('step,lesson,title,learners,share,from_previous');
      expect(lines[1]).toBe('chose,,Chose the course,2,1,');
      expect(lines[3]).toMatch(new RegExp(`^lesson 2,${lessons[1]},.*,1,0.5,0.5$`));
      const json = JSON.parse((await read('/admin/analytics?course=money-basics&format=json')).body);
      expect(json.rows[1]).toMatchObject({ step: 'lesson 1', learners: 2, share: 1 });

      const unknown = await read('/admin/analytics?course=no-such-course');
      expect(unknown.status).toBe(400);
      expect(text(unknown.body)).toContain('There is no course "no-such-course": choose one of');
      const badFormat = await read('/admin/analytics?format=xlsx');
      expect(badFormat.status).toBe(400);
      expect(text(badFormat.body)).toContain('The download format must be csv or json');
    });

    it('counts engagement by the learner’s local hour and compares this week with the one before', async () => {
      const [amina, baraka] = ['01', '02'].map((n) => sim.learner(`+2547120009${n}`));
      await amina!.says('Hi');
      await baraka!.says('Hi');
      await sim.advance('7d'); // Monday 9 March 07:00 UTC
      const cheb = sim.learner('+254712000903');
      await cheb.says('Hi');
      await amina!.says('Hello again');
      await sim.advance('1m'); // the operator looks a minute later

      const hours = JSON.parse((await read('/admin/analytics/engagement?days=30&format=json')).body).rows;
      expect(hours).toHaveLength(24);
      expect(hours[10]).toMatchObject({ hour: 10, messages: 4, learners: 3 });
      expect(hours.filter((h: { messages: number }) => h.messages > 0)).toHaveLength(1);
      const page = await read('/admin/analytics/engagement');
      expect(text(page.body)).toContain(
        'Learners wrote most at 10:00 local time (4 messages in the last 30 days).',
      );

      const weekly = await read('/admin/analytics/weekly');
      expect(text(weekly.body)).toContain('The last 7 days (2026-03-03 to 2026-03-09, UTC, today included)');
      expect(text(weekly.body)).toMatch(/Active learners \(wrote\) 2 2 ±0/);
      const csv = (await read('/admin/analytics/weekly?format=csv')).body.split('\r\n');
      expect(csv[0]).toBe('figure,last_7_days,previous_7_days,change');
      expect(csv[2]).toBe('Active learners (wrote),2,2,0');
      expect((await read('/admin/analytics/engagement?days=5')).status).toBe(400);
    });

    it('lists cohorts and quiz items, and sends a visitor without a session to sign in', async () => {
      const retention = JSON.parse((await read('/admin/analytics/retention?weeks=4&format=json')).body).rows;
      expect(retention[0]).toMatchObject({ cohort_week: '2026-03-02', learners: 2, week_1: 0.5 });
      expect((await read('/admin/analytics/items?course=money-basics')).status).toBe(200);
      expect((await read('/admin/analytics/items?course=money-basics&lesson=nope')).status).toBe(400);
      const anonymous = await get('/admin/analytics/weekly');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get('location')).toBe('/admin/login');
    });
  });
});
