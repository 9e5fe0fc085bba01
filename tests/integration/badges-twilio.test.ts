import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { givenLearner } from '../../adapters/simulator/transcript-given.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { users } from '../../db/schema/index.js';
import { createFlowRegistry } from '../../flows/index.js';
import { learningStateOf, streakDay } from '../../flows/learning/index.js';
import { isQuiet } from '../../flows/learning/quiet-hours.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { twilioChannelConfig } from '../harness/channel-config.js';
import { configuredDriver } from '../harness/db.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';
import { twilioLearners } from '../harness/twilio-learner.js';

const soon = { timeout: 20_000, interval: 50 };
const BADGE_URL = /\/files\/[\w-]{43}\/badge-[a-z0-9-]+\.png$/;
const PHONE = '+254722000501';

/**
 * A badge's celebration on a real channel: signed Twilio webhooks in (the learner's quiz answers),
 * the real engine, flows and badge.picture service, the outbox and sender out to a fake Twilio
 * that enforces the 24-hour window and downloads each image as WhatsApp would, refusing it if
 * WhatsApp would (type or size).
 */
describe(`a badge celebrated with its picture through Twilio (${configuredDriver()})`, () => {
  let twilio: FakeTwilio;
  let served: ServedRuntime;

  // This runtime runs on the wall clock: the learner lives where it is daytime now, so nothing
  // about the test depends on the hour (a streak day starts at 04:00 local).
  const zone = ['Africa/Nairobi', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'].find(
    (z) => !isQuiet(new Date(), z) && !isQuiet(new Date(Date.now() + 300_000), z),
  )!;

  beforeAll(async () => {
    twilio = await new FakeTwilio({ enforceWindow: true, downloadMedia: true }).start();
    served = await serveTestRuntime(() => twilioChannelConfig(twilio));
    const { catalog } = served.runtime;
    const now = new Date();
    const yesterday = streakDay(new Date(now.getTime() - 86_400_000), zone);
    const given = {
      name: 'Amina',
      language: 'en',
      timezone: zone,
      course: 'money-basics',
      lessonTime: '07:30',
      completed: ['needs-and-wants'],
      // Six days in a row up to yesterday: today's quiz makes seven.
      streak: { current: 6, longest: 6, lastDay: yesterday, freezes: 0, freezesUsed: 0 },
      where: {},
    };
    const seeded = givenLearner(given, PHONE, now, catalog, createFlowRegistry({ catalog }));
    expect(seeded.problems).toEqual([]);
    await seedLearner(served.database.db, seeded.learner!);
  });
  afterAll(async () => {
    await served?.close();
    await twilio?.stop();
  });

  const learners = twilioLearners(
    () => twilio,
    () => served.base,
  );
  const bodies = () => learners.bodies(PHONE);
  /** Waits for the reply that satisfies `expected`, after the message that was last sent. */
  const answer = async (text: string, expected: RegExp) => {
    const before = twilio.sentTo(PHONE).length;
    await learners.says(PHONE, text);
    await vi.waitFor(() => expect(bodies().slice(before).join('\n')).toMatch(expected), soon);
  };

  it("a 7-day streak's badges: one message each, its PNG downloaded by Twilio, the text its caption", async () => {
    await answer('NEXT', /Question 1 of 3/);
    await answer('1, 2, 4', /Question 2 of 3/);
    await answer('2000', /Question 3 of 3/);
    await answer('Before the month starts', /Days in a row: 7\./);

    const celebrations = await vi.waitFor(() => {
      const sent = twilio.sentTo(PHONE).filter((m) => m.mediaUrls.length > 0);
      expect(sent).toHaveLength(4);
      for (const message of sent) expect(message.downloaded).toBeDefined();
      return sent;
    }, soon);
    expect(celebrations.map((m) => m.body!.split('\n')[0])).toEqual([
      '🌱 *New badge: First step*',
      '🔥 *New badge: 3 days in a row*',
      '🔥 *New badge: A week in a row*',
      '🎯 *New badge: Perfect quiz*',
    ]);
    for (const message of celebrations) {
      expect(message.mediaUrls).toEqual([expect.stringMatching(BADGE_URL)]);
      expect(message.downloaded![0]).toMatchObject({ status: 200, contentType: 'image/png' });
      expect(message.downloaded![0]!.refused).toBeUndefined();
    }
    // The picture the learner's phone shows: the 640 px badge, fetched from the app's own link.
    const response = await fetch(celebrations[2]!.mediaUrls[0]!);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(new DataView(await response.arrayBuffer()).getUint32(16)).toBe(640);
    // money-basics' course.yaml gives a bonus for 3 and for 7 days in a row: each follows its badge.
    const told = bodies();
    const after = (start: string) => told[told.findIndex((b) => b.startsWith(start)) + 1];
    expect(after('🔥 *New badge: 3 days in a row*')).toMatch(
      /^🎁 \*Bonus unlocked: The 52-week savings challenge\*\nSave 50 shillings in week 1/,
    );
    expect(after('🔥 *New badge: A week in a row*')).toMatch(
      /^🎁 \*Bonus unlocked: Chama: saving together\*\n/,
    );
    // The freeze earned is told before the result; each badge once; WhatsApp refused nothing.
    expect(bodies()).toContain(
      '🧊 You earned a streak freeze: it keeps your streak if you miss a day. You have 1.',
    );
    expect(twilio.rejected).toEqual([]);
  });

  it('BADGES answers with the four badges and the next ones; nothing is celebrated twice', async () => {
    const pictures = twilio.sentTo(PHONE).filter((m) => m.mediaUrls.length > 0).length;
    await answer('BADGES', /Send BADGES BONUS to read them again/);
    expect(bodies().find((b) => b.startsWith('🏅'))).toMatch(/^🏅 \*Your 4 badges\*\n🌱 \*First step\* · /);
    expect(bodies().find((b) => b.startsWith('🎁'))).toBeDefined();
    expect(bodies().at(-1)).toBe(
      '🎁 *The 2 bonuses you unlocked*\n🎁 The 52-week savings challenge\n🎁 Chama: saving together\n' +
        'Send BADGES BONUS to read them again.',
    );
    expect(twilio.sentTo(PHONE).filter((m) => m.mediaUrls.length > 0)).toHaveLength(pictures);
    const [user] = await served.database.db.select().from(users).where(eq(users.phone, PHONE));
    expect(learningStateOf(user!.learningState).badges.map((b) => b.id)).toEqual([
      'first-lesson',
      'streak-3',
      'streak-7',
      'perfect-quiz',
    ]);
  });

  it('BADGES BONUS sends the unlocked bonus again, the newest badge first', async () => {
    const before = twilio.sentTo(PHONE).length;
    await answer('badges bonus', /52-week savings challenge/);
    expect(
      bodies()
        .slice(before)
        .map((b) => b.split('\n')[0]),
    ).toEqual([
      '🎁 *Bonus unlocked: Chama: saving together*',
      '🎁 *Bonus unlocked: The 52-week savings challenge*',
    ]);
  });
});
