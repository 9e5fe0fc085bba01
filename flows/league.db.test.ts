import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '../adapters/cache/memory.js';
import { createFileStore } from '../adapters/files/store.js';
import { createServices, type EngineServices } from '../adapters/services/index.js';
import { givenLearner } from '../adapters/simulator/transcript-given.js';
import { leaguesRepository } from '../db/repositories/leagues.js';
import { seedLearner } from '../db/repositories/seed-learner.js';
import { forEachDatabase } from '../tests/harness/db.js';
import { simulate, statePath, type SimLearner, type Simulation } from '../tests/harness/simulate.js';
import { contentCatalog } from './content-catalog.js';
import { createFlowRegistry } from './index.js';

const silent = { info() {}, warn() {}, error() {} };
const PHONES = {
  amina: '+254711000301',
  baraka: '+254711000302',
  chiku: '+254711000303',
  dalia: '+254711000304',
};

forEachDatabase((driver) => {
  describe(`a league week through the engine on ${driver}`, () => {
    let sim: Simulation;
    let services: EngineServices;
    const ids: Record<string, string> = {};
    const learners: Record<string, SimLearner> = {};

    beforeAll(async () => {
      const catalog = contentCatalog();
      const registry = createFlowRegistry({ catalog });
      // Monday 2 March 2026, 10:00 in Nairobi: the first hours of a league week.
      sim = await simulate({
        driver,
        start: '2026-03-02T07:00:00Z',
        registry,
        services: ({ database, clock, receive }) =>
          (services = createServices({
            db: database.db,
            clock,
            files: createFileStore(database.db, {
              publicBaseUrl: 'http://localhost:3000',
              now: () => clock.now(),
            }),
            receive,
            logger: silent,
            tutor: { cache: new MemoryCache({ now: () => clock.now().getTime() }), catalog: () => catalog },
          })),
      });
      for (const [who, phone] of Object.entries(PHONES)) {
        const given = {
          name: who[0]!.toUpperCase() + who.slice(1),
          language: 'en',
          timezone: 'Africa/Nairobi',
          course: 'money-basics',
          lessonTime: '07:30',
          completed: [],
          where: {},
        };
        const seeded = givenLearner(given, phone, sim.clock.now(), catalog, registry).learner!;
        // Timer ids are per database: each learner's own.
        seeded.rootTimers = seeded.rootTimers?.map((timer) => ({ ...timer, id: `${timer.id}-${who}` }));
        ids[who] = await seedLearner(sim.database.db, seeded);
        const learner = sim.learner(phone);
        // Each message a minute after the one before, as a learner types them.
        const says = (text: string) => (sim.clock.advance(60_000), learner.says(text));
        learners[who] = { ...learner, says };
      }
    });
    afterAll(() => sim?.close());

    /** The quiz waiting answered with the first choice each time, to its end. */
    const finishQuiz = async (who: SimLearner) => {
      for (let i = 0; i < 10 && statePath((await who.state())?.state) === 'lesson.asking'; i += 1)
        await who.says('1');
      expect(statePath((await who.state())?.state)).not.toBe('lesson.asking');
    };
    /** A lesson now, its quiz answered to the end. */
    const lesson = async (who: SimLearner) => {
      await who.says('NEXT');
      await finishQuiz(who);
    };
    const pointsOf = async (who: string, week: string) =>
      (await leaguesRepository(sim.database.db).entry(ids[who]!, week))?.points ?? 0;

    it('LEAGUE explains leagues to a learner not in one; JOIN refuses a phone number and suggests a nickname', async () => {
      const amina = learners.amina!;
      await amina.says('LEAGUE');
      expect(amina.lastReply()).toMatch(/^🏆 \*Weekly leagues\*\nEach week you and about 30 learners/);
      expect(amina.lastReply()).toMatch(/LEAGUE JOIN [A-Z][a-z]+[A-Z][a-z]+\d\d$/);
      await amina.says('LEAGUE JOIN 0722000301');
      expect(amina.lastReply()).toMatch(/^That looks like a phone number/);
      await amina.says('LEAGUE JOIN');
      expect(amina.lastReply()).toMatch(/^Choose a nickname for the league/);
      expect(amina.lastMessage()!.buttons?.[0]?.id).toMatch(/^LEAGUE JOIN \w+$/);
      await amina.says('LEAGUE JOIN Amina_K');
      expect(amina.lastReply()).toMatch(/^That nickname has your name in it/);
      await amina.says('LEAGUE JOIN Nyota');
      expect(amina.lastReply()).toMatch(/^🏆 You are in, \*Nyota\*!/);
      await learners.baraka!.says('LIGI JIUNGE nyota');
      expect(learners.baraka!.lastReply()).toMatch(/^\*nyota\* is taken/);
      await learners.baraka!.says('LIGI JIUNGE Simba');
      await learners.chiku!.says('LEAGUE JOIN Twiga');
      await learners.dalia!.says('LEAGUE JOIN Kifaru');
      expect(learners.dalia!.lastReply()).toMatch(/^🏆 You are in, \*Kifaru\*!/);
      await amina.says('LEAGUE');
      expect(amina.lastReply()).toMatch(/join a group with your first points of the week/);
    });

    it('lessons earn points at once: LEAGUE shows the top 5 and the place', async () => {
      await lesson(learners.amina!);
      sim.clock.advance(60_000);
      await lesson(learners.amina!);
      await lesson(learners.baraka!);
      await lesson(learners.chiku!);
      // Dalia's lesson is reported by the lesson service alone: 10 points, no quiz points.
      await services.call(ids.dalia!, {
        service: 'lesson.completed',
        input: {
          course: 'money-basics',
          lesson: 'needs-and-wants',
          completedAt: sim.clock.now().toISOString(),
        },
      });
      const week = '2026-03-02';
      const [a, b, c, d] = await Promise.all(
        ['amina', 'baraka', 'chiku', 'dalia'].map((w) => pointsOf(w, week)),
      );
      expect(a).toBeGreaterThan(b!);
      expect(b).toBe(c);
      expect(d).toBe(10);
      expect(c).toBeGreaterThanOrEqual(d!);

      await learners.chiku!.says('LEAGUE');
      expect(learners.chiku!.lastReply()).toBe(
        [
          '🏆 *Your league this week* 🥉',
          `🥇 Nyota · ${a}`,
          `🥈 Simba · ${b}`,
          `🥉 Twiga · ${c} 👈`,
          `4. Kifaru · ${d}`,
          '',
          `You, *Twiga*: place 3 of 4 with ${c} points. Lessons, quizzes and reviews earn more.`,
        ].join('\n'),
      );
    });

    it('Sunday evening: only the member a few points from the top 3 is nudged, once', async () => {
      const before = Object.fromEntries(Object.entries(learners).map(([w, l]) => [w, l.replies().length]));
      // To Sunday 8 March, 18:30 in Nairobi (daily lessons come and go meanwhile).
      await sim.advance('6d8h30m');
      const nudges = (who: string) =>
        learners[who]!.replies()
          .slice(before[who])
          .filter((d) => d.message.text.includes('from the top 3'));
      const gap = (await pointsOf('chiku', '2026-03-02')) - 10 + 1;
      expect(nudges('dalia').map((d) => d.message.text)).toEqual([
        `🏆 You are ${gap} points from the top 3 in your league! The week ends Monday morning: a lesson (send NEXT) or a review (REVIEW) can do it.`,
      ]);
      expect(nudges('dalia')[0]!.message.template?.name).toBe('league_nudge');
      for (const who of ['amina', 'baraka', 'chiku']) expect(nudges(who)).toEqual([]);
    });

    it('the new week: the first points bring last week’s promotion; LEAGUE tells the others theirs', async () => {
      // Monday 9 March, 10:00 in Nairobi.
      await sim.advance('15h30m');
      const amina = learners.amina!;
      amina.newReplies();
      // The Monday lesson (sent at 07:30) answered: its points are the week's first.
      await finishQuiz(amina);
      expect(amina.newReplies().filter((t) => t.startsWith('🎉 Last week'))).toEqual([
        expect.stringMatching(
          /^🎉 Last week you finished 1 of 4 with \d+ points: top 3! You move up a league 🥈\.$/,
        ),
      ]);
      const dalia = learners.dalia!;
      dalia.newReplies();
      await dalia.says('LEAGUE');
      const told = dalia.newReplies();
      expect(told[0]).toBe(
        '🏆 Last week you finished 4 of 4 with 10 points. You stay in your league 🥉: the top 3 move up, so go for it this week!',
      );
      expect(told[1]).toMatch(/^🏆 \*Your league this week\* 🥉\nYou, \*Kifaru\*, join a group/);
      // Told once: the next LEAGUE shows this week alone.
      await dalia.says('LEAGUE');
      const again = dalia.newReplies();
      expect(again[0]).toMatch(/^🏆 \*Your league this week\*/);
      expect(again.join('\n')).not.toMatch(/Last week/);
    });

    it('LEAGUE LEAVE leaves and frees the nickname', async () => {
      const dalia = learners.dalia!;
      dalia.newReplies();
      await dalia.says('LEAGUE LEAVE');
      await dalia.says('LEAGUE');
      const replies = dalia.newReplies();
      expect(replies.find((t) => t.startsWith('OK, you have left the league'))).toBeDefined();
      expect(replies.find((t) => t.startsWith('🏆 *Weekly leagues*'))).toBeDefined();
      const chiku = learners.chiku!;
      chiku.newReplies();
      await chiku.says('LEAGUE JOIN Kifaru');
      expect(chiku.newReplies()[0]).toMatch(/already in the league as \*Twiga\*/);
    });
  });
});
