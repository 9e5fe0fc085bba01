import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressRepository } from '../db/repositories/progress.js';
import { forEachDatabase } from '../tests/harness/db.js';
import { insightSimulation } from '../tests/harness/insight-simulation.js';
import type { Simulation } from '../tests/harness/simulate.js';

/** Quizzes the learner took (as the quiz.attempt service records them) at a Nairobi wall-clock time. */
async function tookQuizzes(sim: Simulation, phone: string, at: string[], score: number) {
  const userId = (await sim.userIdOf(phone))!;
  const progress = progressRepository(sim.database.db);
  for (const [i, local] of at.entries())
    await progress.recordQuizAttempt({
      userId,
      course: 'money-basics',
      lesson: `lesson-${local}`,
      attempt: i + 1,
      score,
      total: 3,
      passed: score >= 2,
      answers: [],
      at: new Date(`${local}+03:00`),
    });
}

const mornings = ['2026-03-03T07:40:00', '2026-03-04T07:35:00', '2026-03-05T07:50:00', '2026-03-06T07:45:00'];
const evenings = ['2026-03-03T19:10:00', '2026-03-04T19:20:00', '2026-03-05T19:05:00'];

forEachDatabase((driver) => {
  describe(`the best study hour, offered with the weekly insight (${driver})`, () => {
    let sim: Simulation;
    let seed: Awaited<ReturnType<typeof insightSimulation>>['seed'];
    beforeAll(async () => {
      ({ sim, seed } = await insightSimulation(driver, null));
    });
    afterAll(() => sim?.close());

    it('a learner who does far better in the evening is offered lessons then, and one tap moves them', async () => {
      const amina = await seed('+254711000601');
      await tookQuizzes(sim, amina.phone, mornings, 1);
      await tookQuizzes(sim, amina.phone, evenings, 3);
      await sim.advance('7d');
      const [insight, offer] = amina.replies().map((m) => m.message);
      expect(insight?.text).toMatch(/^📊 \*Your week\*/);
      expect(offer?.text).toBe(
        '⏰ You get 100% right when you study around 19:00, and 33% at your lesson time (07:30). ' +
          'Have your daily lesson at 19:00 instead? Tap below, or send TIME with another time.',
      );
      expect(offer?.buttons).toEqual([{ id: 'TIME 19:00', title: 'Lessons at 19:00' }]);
      await amina.taps('TIME 19:00');
      expect(((await amina.profile())!.learningState as { lessonTime: string }).lessonTime).toBe('19:00');
    });

    it('in Kiswahili too; and nothing is offered to a learner who does as well at their lesson time', async () => {
      const zawadi = await seed('+254711000602', 'sw');
      await tookQuizzes(sim, zawadi.phone, evenings, 3);
      const baraka = await seed('+254711000603');
      await tookQuizzes(sim, baraka.phone, mornings, 3);
      await tookQuizzes(sim, baraka.phone, evenings, 3);
      await sim.advance('7d');
      expect(zawadi.lastReply()).toBe(
        '⏰ Unafanya vizuri zaidi karibu saa 19:00: 100% sahihi. Ungependa somo lako la kila siku liwe saa 19:00 ' +
          'badala ya 07:30? Gusa hapa chini, au tuma SAA na muda mwingine.',
      );
      expect(zawadi.lastMessage()?.buttons?.[0]).toEqual({ id: 'TIME 19:00', title: 'Masomo saa 19:00' });
      expect(baraka.replies().map((m) => m.message.text)).toEqual([
        expect.stringMatching(/^📊 \*Your week\*/),
      ]);
    });
  });
});
