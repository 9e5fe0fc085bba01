import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../../tests/harness/db.js';
import type { LearnerExport } from '../../../db/repositories/learner-export.js';
import { progressRepository } from '../../../db/repositories/progress.js';
import { usersRepository } from '../../../db/repositories/users.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';

interface ErrorJson {
  error: { code: string; message: string; details?: { field: string; reason: string }[] };
}

const MISSING = '00000000-0000-4000-8000-000000000000';

forEachDatabase((driver) => {
  describe(`profile API on ${driver}`, () => {
    let test: TestApp;
    let headers: Record<string, string>;
    let id: string;
    const put = (learner: string, body: unknown, auth = headers) =>
      test.app.request(`/api/users/${learner}`, {
        method: 'PUT',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    beforeAll(async () => {
      test = await createTestApp({ driver, extra: { now: () => new Date('2026-03-05T10:00:00Z') } });
      headers = await test.authHeader('operator');
      const learner = await usersRepository(test.database.db).create({
        phone: '+254712000001',
        name: 'Amina',
        learningState: { lessonTime: '07:30', course: 'money-basics', cards: { q1: { reps: 2 } } },
      });
      id = learner.id;
    });
    afterAll(async () => test?.cleanup());

    it('GET /api/users/:id → the profile with daily time and pause', async () => {
      const res = await test.app.request(`/api/users/${id}`, { headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        id,
        phone: '+254712000001',
        name: 'Amina',
        language: 'en',
        timezone: 'Africa/Nairobi',
        dailyTime: '07:30',
        paused: false,
        pausedReason: null,
        status: 'active',
        subscriptionTier: 'free',
        createdAt: expect.stringMatching(/^\d{4}-/),
        updatedAt: expect.stringMatching(/^\d{4}-/),
        lastInboundAt: null,
        identities: [
          { kind: 'phone', value: '+254712000001', since: expect.stringMatching(/^\d{4}-/), address: true },
        ],
      });
    });

    it('PUT /api/users/:id changes only the fields given and keeps the flows’ learning state', async () => {
      const res = await put(id, {
        language: 'sw',
        timezone: 'europe/london',
        dailyTime: '06:45',
        paused: true,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        name: 'Amina',
        language: 'sw',
        timezone: 'Europe/London',
        dailyTime: '06:45',
        paused: true,
        pausedReason: 'learner',
      });
      const stored = await usersRepository(test.database.db).findById(id);
      expect(stored?.learningState).toEqual({
        lessonTime: '06:45',
        paused: 'learner',
        course: 'money-basics',
        cards: { q1: { reps: 2 } },
      });
      const resumed = await put(id, { paused: false, name: null });
      expect(await resumed.json()).toMatchObject({
        name: null,
        paused: false,
        pausedReason: null,
        dailyTime: '06:45',
      });
      expect((await usersRepository(test.database.db).findById(id))?.learningState.paused).toBeNull();
    });

    it('PUT with invalid fields → 400 naming each field', async () => {
      const cases: [unknown, string, string][] = [
        [{ language: 'fr' }, '/language', 'language: must be en (English) or sw (Kiswahili)'],
        [{ dailyTime: '7:30' }, '/dailyTime', 'dailyTime: must be a 24-hour time like 07:30'],
        [{ dailyTime: '24:00' }, '/dailyTime', 'dailyTime: must be a 24-hour time like 07:30'],
        [
          { timezone: 'Nairobi' },
          '/timezone',
          'timezone: not a known IANA time zone, expected a name like Africa/Nairobi',
        ],
        [{ paused: 'yes' }, '/paused', 'paused: must be boolean'],
        [{ phone: '+254700000000' }, '/phone', 'phone: is not allowed'],
        [{}, '', 'body: give at least one of name, language, timezone, dailyTime, paused'],
      ];
      for (const [body, field, message] of cases) {
        const res = await put(id, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        const { error } = (await res.json()) as ErrorJson;
        expect(error).toMatchObject({ code: 'validation_failed', message });
        expect(error.details?.[0]?.field).toBe(field);
      }
      const both = await put(id, { language: 'fr', dailyTime: 'noon' });
      expect(((await both.json()) as ErrorJson).error.details?.map((d) => d.field)).toEqual([
        '/language',
        '/dailyTime',
      ]);
    });

    it('an unknown learner → 404, an id that is not one → 400, no token → 401', async () => {
      for (const res of [
        await test.app.request(`/api/users/${MISSING}`, { headers }),
        await put(MISSING, { paused: true }),
        await test.app.request(`/api/users/${MISSING}/export`, { headers }),
      ]) {
        expect(res.status).toBe(404);
        expect(((await res.json()) as ErrorJson).error.message).toBe('learner not found');
      }
      for (const res of [
        await test.app.request('/api/users/+254712000001', { headers }),
        await put('42', { paused: true }),
        await test.app.request('/api/users/42/export', { headers }),
      ]) {
        expect(res.status).toBe(400);
        expect(((await res.json()) as ErrorJson).error.details).toEqual([
          { field: '/id', reason: 'must be a learner id (UUID)' },
        ]);
      }
      expect((await test.app.request(`/api/users/${id}`)).status).toBe(401);
      expect((await put(id, { paused: true }, {})).status).toBe(401);
      expect((await test.app.request(`/api/users/${id}/export`)).status).toBe(401);
    });

    it('GET /api/users/:id/export downloads everything stored about the learner as JSON', async () => {
      const progress = progressRepository(test.database.db);
      await progress.recordLessonCompletion({
        userId: id,
        course: 'money-basics',
        lesson: 'save-first',
        startedAt: new Date('2026-03-04T07:30:00Z'),
        completedAt: new Date('2026-03-04T07:34:00Z'),
        secondsSpent: 240,
        at: new Date('2026-03-04T07:34:00Z'),
      });
      await progress.recordQuizAttempt({
        userId: id,
        course: 'money-basics',
        lesson: 'save-first',
        attempt: 1,
        score: 1,
        total: 2,
        passed: false,
        answers: [{ question: 'q1', answer: 'a', correct: false }],
        at: new Date('2026-03-04T07:36:00Z'),
      });
      const res = await test.app.request(`/api/users/${id}/export`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('Content-Disposition')).toContain(
        'attachment; filename="learnloop-export-2026-03-05.json"',
      );
      const data = (await res.json()) as LearnerExport;
      expect(data).toMatchObject({
        format: 'learnloop.learner-export/2',
        exportedAt: '2026-03-05T10:00:00.000Z',
        profile: { id, phone: '+254712000001', language: 'sw' },
        messages: { inbound: [], outbound: [] },
        progress: {
          lessons: [{ course: 'money-basics', lesson: 'save-first', secondsSpent: 240 }],
          quizAttempts: [{ attempt: 1, score: 1, total: 2, passed: false }],
          reviews: [],
          feedback: [],
          pauses: [],
        },
        activity: [],
      });
    });
  });
});
