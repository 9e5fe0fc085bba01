import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore } from '../adapters/files/store.js';
import { createServices } from '../adapters/services/index.js';
import { catalogFromCourses } from '../content/catalog.js';
import { testCourse, trueFalse } from '../tests/harness/courses.js';
import { forEachDatabase } from '../tests/harness/db.js';
import { simulate, type SimLearner, type Simulation } from '../tests/harness/simulate.js';
import { createFlowRegistry } from './index.js';
import { learningStateOf } from './learning/index.js';

const silent = { info() {}, warn() {}, error() {} };
const PICTURE = /^https:\/\/learn\.example\/files\/[\w-]{43}\/badge-[a-z0-9-]+\.png$/;

/** Twelve lessons of one true/false question whose answer is true. */
const course = testCourse('daily', 'A daily habit', {
  count: 12,
  quiz: (n) => [trueFalse(`q${n}`, `Is statement ${n} true?`)],
});

forEachDatabase((driver) => {
  describe(`badges and the streak, day by day on ${driver}`, () => {
    let sim: Simulation;
    let amina: SimLearner;
    let storeFails = false;
    beforeAll(async () => {
      // Monday 2 March 2026, 08:00 in Nairobi: the first lesson comes on Tuesday 3 March at 07:30.
      sim = await simulate({
        driver,
        start: '2026-03-02T05:00:00Z',
        registry: createFlowRegistry({ catalog: catalogFromCourses([course]) }),
        services: ({ database, clock, receive }) => {
          const store = createFileStore(database.db, {
            publicBaseUrl: 'https://learn.example',
            now: () => clock.now(),
          });
          // Set by a test: storing a picture fails the way a full disk or a lost connection would.
          const files = {
            ...store,
            put: (file: Parameters<typeof store.put>[0]) =>
              storeFails ? Promise.reject(new Error('disk full')) : store.put(file),
          };
          return createServices({ db: database.db, clock, files, receive, logger: silent });
        },
      });
      amina = sim.learner('+254700000501');
      for (const reply of ['hi', 'Amina', 'en', '1', '07:30', 'yes']) await amina.says(reply);
    });
    afterAll(async () => sim?.close());

    const learning = async () => learningStateOf((await amina.profile())?.learningState ?? {});
    /** The next morning's lesson and its quiz answered right: what the learner was sent after the answer. */
    async function lessonDay(): Promise<{ texts: string[]; images: string[] }> {
      await sim.advance('1d');
      const before = amina.replies().length;
      await amina.taps('true');
      const after = amina.replies().slice(before);
      amina.newReplies();
      return {
        texts: after.map((d) => d.message.text),
        images: after.flatMap((d) => (d.message.media ? [d.message.media.url] : [])),
      };
    }

    it('the first lesson earns the first step and a perfect quiz: one celebration each, with its picture', async () => {
      const day1 = await lessonDay();
      expect(day1.texts.slice(0, 2)).toEqual([
        '✅ Correct!\nIt is true.',
        '🎉 Quiz done: 1 out of 1. Well done, Amina! 🔥 Days in a row: 1. Your next lesson comes tomorrow at 07:30.',
      ]);
      expect(day1.texts.slice(-2)).toEqual([
        '🌱 *New badge: First step*\nYou finished your first lesson. Send BADGES to see all your badges.',
        '🎯 *New badge: Perfect quiz*\nYou got every answer of a quiz right. Send BADGES to see all your badges.',
      ]);
      expect(day1.images).toEqual([expect.stringMatching(PICTURE), expect.stringMatching(PICTURE)]);
      expect((await learning()).badges.map((b) => b.id)).toEqual(['first-lesson', 'perfect-quiz']);
    });

    it('day 3 earns the 3-day streak; day 7 the week, with a streak freeze told', async () => {
      await lessonDay();
      const day3 = await lessonDay();
      expect(day3.texts.filter((t) => t.includes('New badge'))).toEqual([
        expect.stringMatching(/^🔥 \*New badge: 3 days in a row\*/),
      ]);
      for (let day = 4; day <= 6; day++) expect((await lessonDay()).texts.join()).not.toContain('New badge');
      const day7 = await lessonDay();
      // The freeze comes before the result whose "days in a row" it explains.
      expect(day7.texts.slice(1, 3)).toEqual([
        '🧊 You earned a streak freeze: it keeps your streak if you miss a day. You have 1.',
        expect.stringMatching(/^🎉 Quiz done: 1 out of 1\. .*Days in a row: 7\./),
      ]);
      expect(day7.texts.filter((t) => t.includes('New badge'))).toEqual([
        expect.stringMatching(/^🔥 \*New badge: A week in a row\*\nYou learned seven days in a row\./),
      ]);
      const state = await learning();
      expect(state.streak).toMatchObject({ current: 7, freezes: 1 });
      expect(state.badges.map((b) => b.id)).toEqual(['first-lesson', 'perfect-quiz', 'streak-3', 'streak-7']);
      // Each badge is stored with the moment it was earned: day 7 is Monday 9 March.
      expect(state.badges.at(-1)!.at).toMatch(/^2026-03-09T/);
    });

    it('a missed day: no evening warning (a freeze covers it), then the freeze keeps the streak going to 8', async () => {
      // Day 8 (Tuesday 10 March): the lesson comes, the learner does not answer; the freeze will cover it.
      await sim.advance('1d');
      amina.newReplies();
      await sim.advance('12h'); // to 20:30 Nairobi
      expect(amina.newReplies().filter((t) => t.includes('streak ends tonight'))).toEqual([]);
      expect((await learning()).streakWarnedDay).toBeUndefined();
      // Day 9: the learner answers the waiting quiz; a freeze covers day 8.
      await sim.advance('13h');
      amina.newReplies();
      await amina.taps('true');
      const texts = amina.newReplies();
      expect(texts).toContain('🧊 A streak freeze covered the day you missed, so your streak goes on.');
      expect(texts.join('\n')).toMatch(/Days in a row: 8\./);
      expect((await learning()).streak).toMatchObject({ current: 8, freezes: 0, freezesUsed: 1 });
    });

    it('BADGES lists the badges earned with their day, and the next ones with how far the learner is', async () => {
      await amina.says('BADGES');
      const [earned, next] = amina.newReplies();
      expect(earned).toBe(
        '🏅 *Your 4 badges*\n🌱 *First step* · 3 Mar 2026\n🎯 *Perfect quiz* · 3 Mar 2026\n🔥 *3 days in a row* · 5 Mar 2026\n🔥 *A week in a row* · 9 Mar 2026',
      );
      expect(next).toBe(
        '*Next badges*\n📚 Ten lessons: 8/10\n🏅 A month in a row: 8/30\n🏆 100 days in a row: 8/100',
      );
    });
    it('with no freeze left, a missed day brings ONE evening warning; after two missed days the next quiz starts afresh', async () => {
      // Thursday 12 March: the lesson comes and waits; 19:00 brings the warning, once.
      await sim.advance('1d');
      amina.newReplies();
      await sim.advance('12h'); // to 21:30 Nairobi
      expect(amina.newReplies().filter((t) => t.includes('streak ends tonight'))).toEqual([
        '🔥 Your 8-day streak ends tonight unless you learn today, Amina. Your quiz is waiting: reply OK to answer it.',
      ]);
      expect((await learning()).streakWarnedDay).toBe('2026-03-12');
      // Friday passes too (the streak is lost by then: no warning); Saturday's answer starts a new streak.
      await sim.advance('36h');
      expect(amina.newReplies().filter((t) => t.includes('streak ends tonight'))).toEqual([]);
      await amina.taps('true');
      const texts = amina.newReplies();
      expect(texts).toContain(
        '🌅 Your 8-day streak ended; today starts a new one. Every day counts from here!',
      );
      expect(texts.join('\n')).toMatch(/Days in a row: 1\./);
    });
    it('when the picture cannot be made, the celebration comes as text alone, once', async () => {
      storeFails = true;
      try {
        // The tenth lesson earns "Ten lessons".
        const day = await lessonDay();
        expect(day.texts.filter((t) => t.includes('New badge'))).toEqual([
          '📚 *New badge: Ten lessons*\nYou finished ten lessons. Send BADGES to see all your badges.',
        ]);
        expect(day.images).toEqual([]);
      } finally {
        storeFails = false;
      }
    });
  });
});
