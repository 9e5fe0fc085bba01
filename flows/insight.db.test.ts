import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatModel } from '../adapters/ai/model.js';
import { forEachDatabase } from '../tests/harness/db.js';
import { insightSimulation } from '../tests/harness/insight-simulation.js';
import type { Simulation } from '../tests/harness/simulate.js';

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
