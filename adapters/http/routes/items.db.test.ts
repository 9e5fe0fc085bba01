import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { progressRepository } from '../../../db/repositories/progress.js';
import { usersRepository } from '../../../db/repositories/users.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';

interface ErrorJson {
  error: { code: string; details?: { field: string; reason: string }[] };
}
interface Item {
  lesson: string;
  question: string;
  attempts: number;
  learners: number;
  facility: number;
  discrimination: number | null;
  commonWrongAnswers: { answer: string; count: number }[];
  leeches: number;
}
interface ItemsJson {
  course: string;
  lesson: string | null;
  items: Item[];
}

/*
 * Four learners take save-first's four-question quiz (R right, else the wrong answer they gave):
 *
 *            q1   q2    q3          q4      first-try total
 *   amina    R    R     R           true    3  → the top 27 % (round(4 × 0.27) = 1 learner)
 *   baraka   R    R     savings     true    2
 *   chao     R    60    R           True    2
 *   dede     b    60    'Savings '  R       1  → the bottom 27 %
 *
 * then dede retries and gets everything right (counted in attempts, not in the statistics).
 * facility = right / 4; discrimination = amina's result − dede's (1 or 0 each);
 * q4 is the misleading one: only the weakest learner gets it right (−1).
 */
const ANSWERS: Record<string, (string | true)[]> = {
  amina: [true, true, true, 'true'],
  baraka: [true, true, 'savings', 'true'],
  chao: [true, '60', true, 'True'],
  dede: ['b', '60', 'Savings ', true],
};

forEachDatabase((driver) => {
  describe(`GET /admin/api/items on ${driver}`, () => {
    let test: TestApp;
    let headers: Record<string, string>;
    const get = async (query: string) => {
      const res = await test.app.request(`/admin/api/items${query}`, { headers });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as ItemsJson;
    };

    beforeAll(async () => {
      test = await createTestApp({ driver });
      headers = await test.authHeader('operator');
      const users = usersRepository(test.database.db);
      const progress = progressRepository(test.database.db);
      const ids: Record<string, string> = {};
      let minute = 0;
      const at = () => new Date(Date.UTC(2026, 2, 2, 8, minute++));
      const attempt = (userId: string, lesson: string, n: number, answers: (string | true)[]) =>
        progress.recordQuizAttempt({
          userId,
          course: 'money-basics',
          lesson,
          attempt: n,
          score: answers.filter((a) => a === true).length,
          total: answers.length,
          passed: false,
          answers: answers.map((a, i) => ({
            question: `q${i + 1}`,
            answer: a === true ? 'right' : a,
            correct: a === true,
          })),
          at: at(),
        });
      for (const [i, name] of Object.keys(ANSWERS).entries()) {
        ids[name] = (await users.create({ phone: `+25471200010${i}`, name })).id;
        await attempt(ids[name]!, 'save-first', 1, ANSWERS[name]!);
      }
      await attempt(ids.dede!, 'save-first', 2, [true, true, true, true]);
      await attempt(ids.amina!, 'make-a-budget', 1, [true]);
      await progress.recordQuizAttempt({
        userId: ids.amina!,
        course: 'safe-online',
        lesson: 'save-first',
        attempt: 1,
        score: 0,
        total: 1,
        passed: false,
        answers: [{ question: 'q1', answer: 'x', correct: false }],
        at: at(),
      });

      // q4 is a leech for baraka (stored twice) and chao; amina's card is not one; dede's is in another lesson.
      const review = (name: string, question: string, reps: number, leech: boolean) =>
        progress.recordReview({
          userId: ids[name]!,
          question,
          correct: false,
          card: { questionId: question, reps, lapses: leech ? 8 : 1, leech },
          idempotencyKey: `${question}:${reps}`,
          at: at(),
        });
      await review('baraka', 'money-basics/save-first/q4', 20, true);
      await review('baraka', 'money-basics/save-first/q4', 21, true);
      await review('chao', 'money-basics/save-first/q4', 20, true);
      await review('amina', 'money-basics/save-first/q4', 5, false);
      await review('dede', 'money-basics/save-first-again/q4', 20, true);
    });
    afterAll(async () => test?.cleanup());

    it('reports each question of a lesson: attempts, facility, discrimination, wrong answers, leeches', async () => {
      const body = await get('?course=money-basics&lesson=save-first');
      expect(body.course).toBe('money-basics');
      expect(body.lesson).toBe('save-first');
      const base = { lesson: 'save-first', attempts: 5, learners: 4, leeches: 0 };
      expect(body.items).toEqual([
        {
          ...base,
          question: 'q1',
          facility: 3 / 4,
          discrimination: 1,
          commonWrongAnswers: [{ answer: 'b', count: 1 }],
        },
        {
          ...base,
          question: 'q2',
          facility: 2 / 4,
          discrimination: 1,
          commonWrongAnswers: [{ answer: '60', count: 2 }],
        },
        {
          ...base,
          question: 'q3',
          facility: 2 / 4,
          discrimination: 1,
          commonWrongAnswers: [{ answer: 'savings', count: 2 }],
        },
        {
          ...base,
          question: 'q4',
          facility: 1 / 4,
          discrimination: -1,
          commonWrongAnswers: [{ answer: 'true', count: 3 }],
          leeches: 2,
        },
      ]);
    });

    it('covers every lesson of the course without a lesson, and nothing of other courses', async () => {
      const body = await get('?course=money-basics');
      expect(body.lesson).toBeNull();
      expect(body.items.map((item) => `${item.lesson}/${item.question}`)).toEqual([
        'save-first/q1',
        'save-first/q2',
        'save-first/q3',
        'save-first/q4',
        'make-a-budget/q1',
      ]);
      // One learner is too few for top and bottom groups.
      expect(body.items.at(-1)).toMatchObject({
        attempts: 1,
        learners: 1,
        facility: 1,
        discrimination: null,
      });
      expect((await get('?course=health-basics')).items).toEqual([]);
      expect((await get('?course=safe-online')).items).toEqual([
        expect.objectContaining({ question: 'q1', facility: 0, leeches: 0 }),
      ]);
    });

    it('needs an admin token and a course slug', async () => {
      expect((await test.app.request('/admin/api/items?course=money-basics')).status).toBe(401);
      for (const query of [
        '',
        '?course=Money Basics',
        '?course=money-basics&lesson=a/b',
        '?course=x&page=2',
      ]) {
        const res = await test.app.request(`/admin/api/items${query}`, { headers });
        expect(res.status, query).toBe(400);
        expect(((await res.json()) as ErrorJson).error.code).toBe('validation_failed');
      }
    });
  });
});
