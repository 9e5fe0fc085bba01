import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { loadContent } from '../../../content/check.js';
import { syncContent } from '../../../db/repositories/content-sync.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';

interface CourseList {
  courses: { slug: string; lessonCount: number; title: { en: string } }[];
  total: number;
  limit: number;
  offset: number;
}

forEachDatabase((driver) => {
  describe(`public course catalog on ${driver}`, () => {
    let test: TestApp;
    const get = async <T>(path: string) => {
      const res = await test.app.request(path);
      return { status: res.status, body: (await res.json()) as T };
    };
    const slugs = async (query: string) =>
      (await get<CourseList>(`/api/courses${query}`)).body.courses.map((c) => c.slug);

    beforeAll(async () => {
      test = await createTestApp({ driver });
      await syncContent(test.database.db, await loadContent('content'));
    });
    afterAll(async () => test?.cleanup());

    it('GET /api/courses lists published courses with lesson counts, no token needed', async () => {
      const { status, body } = await get<CourseList>('/api/courses');
      expect(status).toBe(200);
      expect(body).toMatchObject({ total: 3, limit: 20, offset: 0 });
      expect(body.courses).toEqual([
        expect.objectContaining({
          slug: 'money-basics',
          lessonCount: 6,
          category: 'money',
          difficulty: 'beginner',
        }),
        expect.objectContaining({ slug: 'safe-online', lessonCount: 6, category: 'digital-safety' }),
        expect.objectContaining({ slug: 'small-business', lessonCount: 3, category: 'business' }),
      ]);
      expect(body.courses[0]!.title.en).toMatch(/Money basics/);
    });

    it('filters by category, difficulty and language, and pages', async () => {
      expect(await slugs('?category=money')).toEqual(['money-basics']);
      expect(await slugs('?category=digital-safety&difficulty=beginner')).toEqual(['safe-online']);
      expect(await slugs('?difficulty=advanced')).toEqual([]);
      expect(await slugs('?language=sw')).toEqual(['money-basics', 'safe-online', 'small-business']);
      const page = await get<CourseList>('/api/courses?limit=1&offset=1');
      expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(page.body.courses.map((c) => c.slug)).toEqual(['safe-online']);
    });

    it('answers 400 naming the bad filter', async () => {
      const { status, body } = await get<{ error: { details: { field: string; reason: string }[] } }>(
        '/api/courses?category=cooking&limit=0',
      );
      expect(status).toBe(400);
      expect(body.error.details.map((d) => d.field).sort()).toEqual(['/category', '/limit']);
    });

    it('GET /api/courses/:slug has the lesson titles in teaching order; 404 for an unknown course', async () => {
      const { status, body } = await get<{
        lessons: { number: number; slug: string; title: { en: string } }[];
      }>('/api/courses/money-basics');
      expect(status).toBe(200);
      expect(body.lessons.map((l) => l.slug)).toEqual([
        'needs-and-wants',
        'make-a-budget',
        'save-first',
        'mpesa-pin-safety',
        'spot-mpesa-scams',
        'borrow-wisely',
      ]);
      expect(body.lessons[2]).toMatchObject({ number: 3, title: { en: 'Save first, spend later' } });
      const missing = await get<{ error: { code: string; message: string } }>('/api/courses/cooking');
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({ code: 'not_found', message: 'course "cooking" not found' });
    });
  });
});
