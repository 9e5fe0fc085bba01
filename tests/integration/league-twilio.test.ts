import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { givenLearner } from '../../adapters/simulator/transcript-given.js';
import { leaguesRepository } from '../../db/repositories/leagues.js';
import { usersRepository } from '../../db/repositories/users.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { createFlowRegistry } from '../../flows/index.js';
import { isQuiet, leagueRules } from '../../flows/learning/index.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { twilioChannelConfig } from '../harness/channel-config.js';
import { configuredDriver } from '../harness/db.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';
import { twilioLearners } from '../harness/twilio-learner.js';

const soon = { timeout: 15_000, interval: 25 };
const AMINA = '+254722000501';
const BARAKA = '+254722000502';
const CHIKU = '+254722000503';

/**
 * Weekly leagues on a real channel: signed Twilio webhooks in, the real engine, flows and league
 * services (Redis rankings when REDIS_URL is set), replies out through the outbox to a fake Twilio.
 * Three learners join under nicknames, two earn points with a lesson, and LEAGUE shows the ranking.
 */
describe(`weekly leagues through Twilio (${configuredDriver()}, ${process.env.REDIS_URL ? 'redis' : 'table'})`, () => {
  let twilio: FakeTwilio;
  let served: ServedRuntime;

  // This runtime runs on the wall clock: the learners live where it is daytime now.
  const zone = ['Africa/Nairobi', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'].find(
    (z) => !isQuiet(new Date(), z) && !isQuiet(new Date(Date.now() + 300_000), z),
  )!;

  beforeAll(async () => {
    twilio = await new FakeTwilio({ enforceWindow: true }).start();
    served = await serveTestRuntime(() => twilioChannelConfig(twilio));
    const catalog = contentCatalog();
    const registry = createFlowRegistry({ catalog });
    for (const [phone, name] of [
      [AMINA, 'Amina'],
      [BARAKA, 'Baraka'],
      [CHIKU, 'Chiku'],
    ] as const) {
      const given = {
        name,
        language: 'en',
        timezone: zone,
        course: 'money-basics',
        lessonTime: '07:30',
        completed: [] as string[],
        where: {},
      };
      const learner = givenLearner(
        given,
        phone,
        new Date(Date.now() - 86_400_000),
        catalog,
        registry,
      ).learner!;
      // No daily lesson arriving in the middle of the test.
      learner.rootTimers = [];
      await seedLearner(served.database.db, learner);
    }
  });
  afterAll(async () => {
    await served?.close();
    await twilio?.stop();
  });

  const { reply } = twilioLearners(
    () => twilio,
    () => served.base,
  );
  /** NEXT, then every question answered "1" until the quiz is done. */
  const lesson = async (phone: string) => {
    await reply(phone, 'NEXT', /^\*Question 1 of/);
    for (let i = 0; i < 10; i += 1) {
      const next = await reply(phone, '1', /^\*Question \d+ of|^Quiz done/);
      if (next.startsWith('Quiz done')) return;
    }
    throw new Error('the quiz did not end');
  };

  it('joins under nicknames: a phone number is refused, a taken one too', async () => {
    expect(await reply(AMINA, 'LEAGUE', /Weekly leagues/)).toMatch(/To take part send LEAGUE JOIN/);
    expect(await reply(AMINA, 'LEAGUE JOIN 254722000501', /./)).toMatch(/^That looks like a phone number/);
    expect(await reply(AMINA, 'LEAGUE JOIN Nyota', /./)).toMatch(/^🏆 You are in, \*Nyota\*!/);
    expect(await reply(BARAKA, 'LIGI JIUNGE NYOTA', /./)).toMatch(/^\*NYOTA\* is taken/);
    expect(await reply(BARAKA, 'LIGI JIUNGE Simba', /./)).toMatch(/^🏆 You are in, \*Simba\*!/);
    expect(await reply(CHIKU, 'LEAGUE JOIN Twiga', /./)).toMatch(/^🏆 You are in, \*Twiga\*!/);
    expect(twilio.rejected).toEqual([]);
  });

  it('two lessons earn points; LEAGUE shows the ranking with nicknames only', async () => {
    await lesson(AMINA);
    await lesson(BARAKA);
    const leagues = leaguesRepository(served.database.db);
    const users = usersRepository(served.database.db);
    const pointsOf = async (phone: string) => {
      const userId = (await users.findByPhone(phone))!.id;
      return (await leagues.entry(userId, leagueRules.leagueWeek(new Date(), zone)))?.points ?? 0;
    };
    // The points land with the quiz's last turn: both have the lesson's 10 at least.
    const points = await vi.waitFor(async () => {
      const [a, b] = [await pointsOf(AMINA), await pointsOf(BARAKA)];
      expect(a).toBeGreaterThanOrEqual(10);
      expect(b).toBeGreaterThanOrEqual(10);
      return { a, b };
    }, soon);

    const standing = await reply(BARAKA, 'LEAGUE', /Your league this week/);
    expect(standing).toBe(
      [
        '🏆 *Your league this week* 🥉',
        `🥇 Nyota · ${points.a}`,
        `🥈 Simba · ${points.b} 👈`,
        '',
        `You, *Simba*: place 2 of 2 with ${points.b} points. Lessons, quizzes and reviews earn more.`,
      ].join('\n'),
    );
    // Chiku has no points yet this week: not in a group, told how to join one.
    expect(await reply(CHIKU, 'LIGI', /Your league this week/)).toMatch(
      /\*Twiga\*, join a group with your first points/,
    );
    // Another learner's ranking shows nicknames: no real name, no phone number.
    expect(standing).not.toMatch(/Amina|Baraka|2547/);
    expect(twilio.rejected).toEqual([]);
  });
});
