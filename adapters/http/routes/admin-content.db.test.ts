import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { loadContent } from '../../../content/check.js';
import type { ContentSet } from '../../../content/types.js';
import { syncContent } from '../../../db/repositories/content-sync.js';
import { catalogFromDatabase, type RefreshableCatalog } from '../../../db/repositories/content.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';
import {
  chamaLesson,
  multipleQuestion,
  numberQuestion,
  singleQuestion,
  textQuestion,
  trueFalseQuestion,
} from '../../../tests/harness/content-fixtures.js';

interface ErrorJson {
  error: { code: string; message: string; details?: { field: string; reason: string }[] };
}

const LESSONS = '/admin/api/courses/money-basics/lessons';
const QUESTIONS = `${LESSONS}/join-a-chama/questions`;

forEachDatabase((driver) => {
  describe(`admin content routes on ${driver}`, () => {
    let test: TestApp;
    let content: ContentSet;
    let catalog: RefreshableCatalog;
    let headers: Record<string, string>;
    const send = async (method: string, path: string, body?: unknown, auth = headers) => {
      const res = await test.app.request(path, {
        method,
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: (text ? JSON.parse(text) : null) as Record<string, unknown> & ErrorJson,
      };
    };
    const publicLessons = async () => {
      const res = await test.app.request('/api/courses/money-basics');
      return ((await res.json()) as { lessons: { slug: string }[] }).lessons.map((l) => l.slug);
    };

    beforeAll(async () => {
      content = await loadContent('content');
      test = await createTestApp({ driver });
      await syncContent(test.database.db, content);
      catalog = await catalogFromDatabase(test.database.db);
      headers = await test.authHeader('owner');
    });
    afterAll(async () => test?.cleanup());

    it('refuses writes without an admin token', async () => {
      const res = await send('POST', LESSONS, chamaLesson, {});
      expect(res.status).toBe(401);
    });

    it('refuses every content write to an operator (403): content belongs to owners', async () => {
      const operator = await test.authHeader('operator');
      for (const [method, path] of [
        ['POST', LESSONS],
        ['PUT', `${LESSONS}/join-a-chama`],
        ['DELETE', `${LESSONS}/join-a-chama`],
        ['POST', QUESTIONS],
        ['PUT', `${QUESTIONS}/q1`],
        ['DELETE', `${QUESTIONS}/q1`],
      ] as const) {
        const res = await send(method, path, chamaLesson, operator);
        expect({ method, path, status: res.status, error: res.body.error }).toMatchObject({
          method,
          path,
          status: 403,
          error: { code: 'forbidden', message: 'this needs the owner role; you are signed in as operator' },
        });
      }
      expect(await publicLessons()).not.toContain('join-a-chama');
    });

    it('POST a lesson with media and a quiz → 201, and learners see it at the end of the course at once', async () => {
      const res = await send('POST', LESSONS, chamaLesson);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        slug: 'join-a-chama',
        media: { type: 'image', url: 'https://example.org/chama-meeting.jpg' },
        quiz: [
          { id: 'q1', type: 'single' },
          { id: 'q3', type: 'true-false' },
        ],
      });
      expect((await publicLessons()).at(-1)).toBe('join-a-chama');
      await catalog.refresh();
      expect(catalog.lesson('money-basics', 'join-a-chama')?.quiz).toEqual([
        singleQuestion,
        trueFalseQuestion,
      ]);
    });

    it('answers 409 for a slug that exists and 404 for an unknown course', async () => {
      expect((await send('POST', LESSONS, chamaLesson)).status).toBe(409);
      const taken = await send('POST', LESSONS, { ...chamaLesson, slug: 'save-first' });
      expect(taken.status).toBe(409);
      expect(taken.body.error.message).toBe('lesson "save-first" of course "money-basics" already exists');
      const unknown = await send('POST', '/admin/api/courses/cooking/lessons', chamaLesson);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe('course "cooking" not found');
    });

    it('checks a lesson with the content schema and cross-checks: 400 with every field at fault', async () => {
      const res = await send('POST', LESSONS, {
        ...chamaLesson,
        slug: 'Bad Slug',
        title: { en: 'Only English' },
        body: { en: 'x'.repeat(1300), sw: 'fupi' },
        media: { type: 'image', url: 'https://example.org/talk.mp3' },
        quiz: [
          { ...singleQuestion, answer: 'z' },
          { ...trueFalseQuestion, question: { en: 'Why? '.repeat(70), sw: 'Kwa nini?' } },
        ],
        extra: 1,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      const fields = res.body.error.details!.map((d) => d.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          '/slug',
          '/title',
          '/body/en',
          '/media/url',
          '/quiz/0/answer',
          '/quiz/1/question/en',
          '/extra',
        ]),
      );
      const reason = (field: string) => res.body.error.details!.find((d) => d.field === field)?.reason;
      expect(reason('/quiz/0/answer')).toBe(
        'the answer "z" of question "q1" is not one of its options (hint: use an option id: a, b)',
      );
      expect(reason('/quiz/1/question/en')).toMatch(/longer than 300 characters/);
      expect(reason('/title')).toMatch(/has no sw text/);
      expect(reason('/body/en')).toMatch(/over 1200/);
      expect(await publicLessons()).not.toContain('bad-slug');
    });

    it('PUT replaces an admin lesson; the address names it; lessons from files are edited in their file', async () => {
      const renamed = { ...chamaLesson, title: { en: 'Join a chama', sw: 'Jiunge na chama' } };
      const res = await send('PUT', `${LESSONS}/join-a-chama`, { ...renamed, slug: undefined });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ slug: 'join-a-chama', title: { en: 'Join a chama' } });

      const moved = await send('PUT', `${LESSONS}/join-a-chama`, { ...renamed, slug: 'other' });
      expect(moved.status).toBe(400);
      expect(moved.body.error.details).toEqual([
        { field: '/slug', reason: 'must be "join-a-chama", as in the address (a slug never changes)' },
      ]);
      const fromFiles = await send('PUT', `${LESSONS}/save-first`, { ...renamed, slug: 'save-first' });
      expect(fromFiles.status).toBe(409);
      expect(fromFiles.body.error.message).toBe(
        'lesson "save-first" of course "money-basics" comes from content/courses/money-basics/lessons/save-first.yaml: edit that file and run npm run content:sync',
      );
      expect((await send('PUT', `${LESSONS}/nope`, { ...renamed, slug: 'nope' })).status).toBe(404);
    });

    it('questions of every type: POST, PUT, DELETE, with 404, 409 and 400 where they apply', async () => {
      for (const question of [multipleQuestion, textQuestion, numberQuestion]) {
        const res = await send('POST', QUESTIONS, question);
        expect(res.status, question.type).toBe(201);
        expect(res.body).toEqual(question);
      }
      expect((await send('POST', QUESTIONS, multipleQuestion)).status).toBe(409);
      const full = await send('POST', QUESTIONS, { ...numberQuestion, id: 'q6' });
      expect(full.status).toBe(409);
      expect(full.body.error.message).toBe(
        'lesson "join-a-chama" already has 5 questions, the most a quiz may have',
      );

      const wrong = await send('PUT', `${QUESTIONS}/q2`, {
        ...multipleQuestion,
        answers: ['a', 'x'],
        answer: 'a',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: '/answer' }),
          {
            field: '/answers/1',
            reason:
              'the answer "x" of question "q2" is not one of its options (hint: use an option id: a, b, c)',
          },
        ]),
      );
      const edited = await send('PUT', `${QUESTIONS}/q5`, {
        ...numberQuestion,
        id: undefined,
        tolerance: 10,
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ id: 'q5', tolerance: 10 });

      expect((await send('DELETE', `${QUESTIONS}/q4`)).status).toBe(204);
      await catalog.refresh();
      expect(catalog.lesson('money-basics', 'join-a-chama')?.quiz.map((q) => q.id)).toEqual([
        'q1',
        'q3',
        'q2',
        'q5',
      ]);
      expect((await send('DELETE', `${QUESTIONS}/q4`)).status).toBe(404);
      expect((await send('PUT', `${QUESTIONS}/q9`, { ...textQuestion, id: 'q9' })).status).toBe(404);
      expect((await send('POST', `${LESSONS}/nope/questions`, textQuestion)).status).toBe(404);
      const fileQuestion = await send('DELETE', `${LESSONS}/save-first/questions/q1`);
      expect(fileQuestion.status).toBe(409);
      expect(fileQuestion.body.error.message).toMatch(
        /comes from content\/courses\/money-basics\/lessons\/save-first\.yaml/,
      );
      // A question archived by mistake comes back with PUT.
      expect((await send('PUT', `${QUESTIONS}/q4`, textQuestion)).status).toBe(200);
    });

    it('a content sync leaves admin lessons alone', async () => {
      const summary = await syncContent(test.database.db, content);
      expect(summary.changed).toBe(false);
      expect((await publicLessons()).at(-1)).toBe('join-a-chama');
    });

    it('DELETE archives: gone from the catalog listing, kept for learners in it, back with PUT', async () => {
      expect((await send('DELETE', `${LESSONS}/join-a-chama`)).status).toBe(204);
      expect(await publicLessons()).not.toContain('join-a-chama');
      await catalog.refresh();
      expect(catalog.lesson('money-basics', 'join-a-chama')).toMatchObject({ archived: true });
      const again = await send('POST', LESSONS, chamaLesson);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/archived: PUT it to bring it back/);
      expect((await send('PUT', `${LESSONS}/join-a-chama`, chamaLesson)).status).toBe(200);
      expect((await publicLessons()).at(-1)).toBe('join-a-chama');
      expect((await send('DELETE', `${LESSONS}/save-first`)).status).toBe(409);
    });
  });
});
