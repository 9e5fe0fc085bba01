import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { givenLearner } from '../../adapters/simulator/transcript-given.js';
import { progressRepository } from '../../db/repositories/progress.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { DateTime } from 'luxon';
import { isQuiet } from '../../flows/learning/quiet-hours.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { createFlowRegistry } from '../../flows/index.js';
import { INSIGHT_TIMER } from '../../flows/insight.js';
import { firstAnswer } from '../../flows/learning/review.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { twilioChannelConfig } from '../harness/channel-config.js';
import { configuredDriver } from '../harness/db.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';
import { twilioLearners } from '../harness/twilio-learner.js';

const soon = { timeout: 15_000, interval: 25 };
const AMINA = '+254722000401';
const BARAKA = '+254722000402';
const CHEBET = '+254722000403';
const WEEKLY_INSIGHT_BOTH_EN = 'HX00000000000000000000000000000009';

/**
 * The weekly insight and GOAL on a real channel: signed Twilio webhooks in, the real engine, flows
 * and services (offline: no model), replies out through the outbox to a fake Twilio that refuses
 * free-form text outside the 24-hour window (63016) as WhatsApp does.
 */
describe(`weekly insight and GOAL through Twilio (${configuredDriver()})`, () => {
  let twilio: FakeTwilio;
  let served: ServedRuntime;
  const ids: Record<string, string> = {};

  // This runtime runs on the wall clock: the learners live where it is daytime now, or the insight
  // would wait for the morning (quiet hours) and the test would fail in the Nairobi evening.
  const zone = ['Africa/Nairobi', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'].find(
    (z) => !isQuiet(new Date(), z) && !isQuiet(new Date(Date.now() + 120_000), z),
  )!;

  beforeAll(async () => {
    twilio = await new FakeTwilio({
      enforceWindow: true,
      approvedTemplates: [WEEKLY_INSIGHT_BOTH_EN],
    }).start();
    served = await serveTestRuntime(() => twilioChannelConfig(twilio));
    const catalog = contentCatalog();
    const registry = createFlowRegistry({ catalog });
    const answered = (lesson: string, rights: boolean[]) =>
      rights.map((right, i) =>
        firstAnswer(`money-basics/${lesson}/q${i + 1}`, right, new Date(Date.now() - 86_400_000)),
      );
    for (const phone of [AMINA, BARAKA, CHEBET]) {
      const given = {
        name: 'Amina',
        language: 'en',
        timezone: zone,
        course: 'money-basics',
        lessonTime: '07:30',
        completed: ['needs-and-wants', 'make-a-budget'],
        where: {},
      };
      const learner = givenLearner(
        given,
        phone,
        new Date(Date.now() - 8 * 86_400_000),
        catalog,
        registry,
      ).learner!;
      learner.learning.cards = [
        ...answered('needs-and-wants', [true, true, true]),
        ...answered('make-a-budget', [false, false, true]),
      ];
      learner.rootTimers = [
        { id: `insight-${phone}`, name: INSIGHT_TIMER, dueAt: new Date(Date.now() + 86_400_000) },
      ];
      ids[phone] = await seedLearner(served.database.db, learner);
    }
    // Chebet's quizzes of the last days: poor at her 07:30 lesson, all right around 19:00.
    const progress = progressRepository(served.database.db);
    const day = DateTime.now().setZone(zone).startOf('day');
    for (const [i, [hour, score]] of [
      [7, 1],
      [7, 1],
      [7, 2],
      [19, 3],
      [19, 3],
      [19, 3],
    ].entries())
      await progress.recordQuizAttempt({
        userId: ids[CHEBET]!,
        course: 'money-basics',
        lesson: 'needs-and-wants',
        attempt: i + 1,
        score: score!,
        total: 3,
        passed: score! >= 2,
        answers: [],
        at: day
          .minus({ days: 1 + i })
          .set({ hour: hour!, minute: 10 })
          .toJSDate(),
      });
  });
  afterAll(async () => {
    await served?.close();
    await twilio?.stop();
  });

  const { says, bodies } = twilioLearners(
    () => twilio,
    () => served.base,
  );

  it('the insight timer outside the window: the approved template with the learner’s lessons, nothing refused', async () => {
    // The timer fires as the scheduler would fire it (its job is not due for a day).
    await served.runtime.engine.receive({
      type: 'timer',
      timerId: `insight-${AMINA}`,
      userId: ids[AMINA]!,
      at: new Date().toISOString(),
    });
    const [sent] = await vi.waitFor(() => {
      const all = twilio.sentTo(AMINA);
      expect(all).toHaveLength(1);
      return all;
    }, soon);
    expect(sent).toMatchObject({
      contentSid: WEEKLY_INSIGHT_BOTH_EN,
      contentVariables: { '1': 'Amina', '2': '*Needs or wants?*', '3': '*Make a simple budget*' },
    });
    expect(sent!.body).toBeUndefined();
    expect(twilio.rejected).toEqual([]);

    // Her reply opens the window: INSIGHTS OFF, signed, is answered in free text.
    await says(AMINA, { text: 'INSIGHTS OFF' });
    await vi.waitFor(
      () =>
        expect(bodies(AMINA).at(-1)).toBe(
          'OK, no more weekly insights. Send INSIGHTS ON to have them again.',
        ),
      soon,
    );
  });

  it('GOAL: the course for the goal with a button; tapping it switches the learner to that course', async () => {
    await says(BARAKA, { text: 'GOAL protect my phone from scams' });
    await vi.waitFor(() => expect(bodies(BARAKA).some((b) => b.startsWith('🎯'))).toBe(true), soon);
    const recommendation = bodies(BARAKA).find((b) => b.startsWith('🎯'));
    expect(recommendation).toBe(
      '🎯 For "protect my phone from scams", try *Staying safe online on your phone*: it is about protect, phone, scams.',
    );
    const before = bodies(BARAKA).length;
    await says(BARAKA, { button: 'COURSE safe-online', title: '✅ Start it' });
    await vi.waitFor(
      () =>
        expect(bodies(BARAKA).slice(before).join('\n')).toMatch(
          /You're now learning \*Staying safe online on your phone\*/,
        ),
      soon,
    );
    expect(twilio.rejected).toEqual([]);
  });

  it('the best study hour: offered after the insight, held until the learner writes, one tap moves the lesson', async () => {
    await served.runtime.engine.receive({
      type: 'timer',
      timerId: `insight-${CHEBET}`,
      userId: ids[CHEBET]!,
      at: new Date().toISOString(),
    });
    await vi.waitFor(() => expect(twilio.sentTo(CHEBET)).toHaveLength(1), soon);
    expect(twilio.sentTo(CHEBET)[0]!.contentSid).toBe(WEEKLY_INSIGHT_BOTH_EN);
    // The offer has no template: outside the window it waits (WhatsApp would refuse it: 63016).
    expect(twilio.rejected).toEqual([]);

    await says(CHEBET, { text: 'SETTINGS' });
    const offer = await vi.waitFor(() => {
      const sent = twilio.sentTo(CHEBET).find((m) => m.contentSid && m.contentSid !== WEEKLY_INSIGHT_BOTH_EN);
      expect(sent).toBeDefined();
      return twilio.contents.get(sent!.contentSid!)!.types['twilio/quick-reply'] as {
        body: string;
        actions: { id: string; title: string }[];
      };
    }, soon);
    expect(offer.body).toBe(
      '⏰ You get 100% right when you study around 19:00, and 44% at your lesson time (07:30). ' +
        'Have your daily lesson at 19:00 instead? Tap below, or send TIME with another time.',
    );
    expect(offer.actions).toEqual([{ id: 'TIME 19:00', title: 'Lessons at 19:00' }]);

    const before = twilio.sentTo(CHEBET).length;
    await says(CHEBET, { button: 'TIME 19:00', title: 'Lessons at 19:00' });
    await vi.waitFor(() => expect(bodies(CHEBET).slice(before).join('\n')).toMatch(/19:00/), soon);
    expect(twilio.rejected).toEqual([]);
  });
});
