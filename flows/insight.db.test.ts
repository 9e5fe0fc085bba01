import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatModel } from '../adapters/ai/model.js';
import { MemoryCache } from '../adapters/cache/memory.js';
import { createFileStore } from '../adapters/files/store.js';
import { createServices } from '../adapters/services/index.js';
import { givenLearner } from '../adapters/simulator/transcript-given.js';
import { seedLearner } from '../db/repositories/seed-learner.js';
import { forEachDatabase, type DriverKind } from '../tests/harness/db.js';
import { simulate, type Simulation } from '../tests/harness/simulate.js';
import { contentCatalog } from './content-catalog.js';
import { createFlowRegistry } from './index.js';
import { INSIGHT_TIMER } from './insight.js';
import { firstAnswer } from './learning/review.js';

const silent = { info() {}, warn() {}, error() {} };
const modelSaying = (text: string): ChatModel & { calls: number } => {
  const model = {
    name: 'fixed',
    calls: 0,
    complete: async () => {
      model.calls++;
      return {
        ok: true as const,
        text,
        usage: { promptTokens: 40, completionTokens: 20, totalTokens: 60 },
        model: 'fixed',
        latencyMs: 1,
        costUsd: 0,
      };
    },
  };
  return model;
};

const answered = (lesson: string, rights: boolean[]) =>
  rights.map((right, i) =>
    firstAnswer(`money-basics/${lesson}/q${i + 1}`, right, new Date('2026-03-03T05:00:00Z')),
  );

/**
 * The real engine, flows and services on the simulated clock; learners onboarded Monday 2 March
 * with a lesson time of 07:30 in Nairobi and their first insight due Monday 9 March at 07:00.
 */
async function insightSimulation(driver: DriverKind, model: ChatModel | null) {
  const catalog = contentCatalog();
  const registry = createFlowRegistry({ catalog });
  const sim = await simulate({
    driver,
    start: '2026-03-02T07:00:00Z',
    registry,
    services: ({ database, clock, receive }) =>
      createServices({
        db: database.db,
        clock,
        files: createFileStore(database.db, { publicBaseUrl: 'http://localhost:3000' }),
        receive,
        logger: silent,
        tutor: {
          cache: new MemoryCache({ now: () => clock.now().getTime() }),
          catalog: () => catalog,
          model,
        },
      }),
  });
  const seed = async (phone: string, language = 'en') => {
    const given = {
      name: 'Amina',
      language,
      timezone: 'Africa/Nairobi',
      course: 'money-basics',
      lessonTime: '07:30',
      completed: ['needs-and-wants', 'make-a-budget'],
      where: {},
    };
    const learner = givenLearner(given, phone, sim.clock.now(), catalog, registry).learner!;
    learner.learning.cards = [
      ...answered('needs-and-wants', [true, true, true]),
      ...answered('make-a-budget', [false, false, true]),
    ];
    // Only the insight's timer: no daily lessons in the way.
    learner.rootTimers = [
      { id: `insight-${phone}`, name: INSIGHT_TIMER, dueAt: new Date('2026-03-09T04:00:00Z') },
    ];
    await seedLearner(sim.database.db, learner);
    return sim.learner(phone);
  };
  return { sim, seed };
}

forEachDatabase((driver) => {
  describe(`the weekly insight offline (${driver})`, () => {
    let sim: Simulation;
    let seed: Awaited<ReturnType<typeof insightSimulation>>['seed'];
    beforeAll(async () => {
      ({ sim, seed } = await insightSimulation(driver, null));
    });
    afterAll(() => sim?.close());

    it('comes once a week before the lesson, from the learner’s own results, in their language', async () => {
      const amina = await seed('+254711000501');
      const zawadi = await seed('+254711000502', 'sw');
      await sim.advance('6d');
      expect(amina.replies()).toEqual([]);
      await sim.advance('1d');
      expect(amina.lastReply()).toBe(
        '📊 *Your week*\n💪 You know *Needs or wants?* well.\n🔁 Worth another look: *Make a simple budget*.\n\n' +
          'Send REVIEW to practise, or INSIGHTS OFF to stop these weekly notes.',
      );
      expect(amina.lastMessage()?.buttons?.map((b) => b.id)).toEqual(['REVIEW', 'INSIGHTS OFF']);
      expect(zawadi.lastReply()).toMatch(/^📊 \*Wiki yako\*\n💪 Unajua vizuri \*Hitaji au tamaa\?\*/);
      const learning = (await amina.profile())!.learningState as { weeklyInsight: unknown };
      expect(learning.weeklyInsight).toEqual({ enabled: true, lastSentAt: '2026-03-09T04:00:00.000Z' });
      // A week on with nothing answered since: not the same note again.
      await sim.advance('8d');
      expect(amina.replies()).toHaveLength(1);
    });

    it('INSIGHTS OFF stops it (the button says so too); SETTINGS shows it; ON brings it back', async () => {
      const baraka = await seed('+254711000503');
      await baraka.taps('INSIGHTS OFF');
      expect(baraka.lastReply()).toBe('OK, no more weekly insights. Send INSIGHTS ON to have them again.');
      await sim.advance('8d');
      expect(baraka.replies()).toHaveLength(1);
      await baraka.says('settings');
      expect(baraka.lastReply()).toBe('📊 Weekly insight: off (INSIGHTS ON starts it)');
      await baraka.says('MUHTASARI WASHA');
      expect(baraka.lastReply()).toMatch(/^📊 Weekly insights are on/);
      const before = baraka.replies().length;
      await sim.advance('7d');
      expect(
        baraka
          .replies()
          .slice(before)
          .map((m) => m.message.text),
      ).toEqual([expect.stringMatching(/^📊 \*Your week\*/)]);
    });
  });

  describe(`the weekly insight phrased by a model (${driver})`, () => {
    it('the model’s note when it names the lessons; the rule’s words when it does not', async () => {
      const good = modelSaying(
        'Amina, you really know Needs or wants? now. Give Make a simple budget another go.',
      );
      const { sim, seed } = await insightSimulation(driver, good);
      try {
        const amina = await seed('+254711000504');
        await sim.advance('7d');
        expect(amina.lastReply()).toBe(
          '📊 *Your week*\nAmina, you really know Needs or wants? now. Give Make a simple budget another go.\n\n' +
            'INSIGHTS OFF stops these weekly notes.',
        );
        expect(good.calls).toBe(1);
      } finally {
        await sim.close();
      }
      const off = modelSaying('Great week! Also check out https://example.com for free money.');
      const second = await insightSimulation(driver, off);
      try {
        const baraka = await second.seed('+254711000505');
        await second.sim.advance('7d');
        expect(baraka.lastReply()).toMatch(/^📊 \*Your week\*\n💪 You know \*Needs or wants\?\* well/);
        expect(off.calls).toBe(1);
      } finally {
        await second.sim.close();
      }
    });
  });
});
