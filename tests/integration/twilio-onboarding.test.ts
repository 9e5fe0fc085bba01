import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { timers, users } from '../../db/schema/index.js';
import { DAILY_LESSON_TIMER } from '../../flows/commands.js';
import { FakeTwilio, type FakeTwilioMessage } from '../../scripts/bench/fake-twilio.js';
import { twilioChannelConfig } from '../harness/channel-config.js';
import { configuredDriver } from '../harness/db.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';

const soon = { timeout: 15_000, interval: 50 };

/**
 * Issue 11, items 2 and 6 through the real channel: signed Twilio webhooks in, the real flows, the
 * outbox and sender out to a fake Twilio that refuses what WhatsApp would (button titles over 20).
 */
describe(`onboarding through Twilio (${configuredDriver()})`, () => {
  let fake: FakeTwilio;
  let served: ServedRuntime;

  beforeAll(async () => {
    fake = await new FakeTwilio().start();
    served = await serveTestRuntime(() => twilioChannelConfig(fake));
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  const says = (phone: string, message: Parameters<FakeTwilio['inboundParams']>[1]) =>
    fake.post(`${served.base}/webhooks/twilio`, fake.inboundParams(phone, message));
  /** The text a message showed: its body, or its quick-reply's body with the buttons' titles and ids. */
  const shown = (m: FakeTwilioMessage) => {
    const quick = m.contentSid ? fake.contents.get(m.contentSid)?.types['twilio/quick-reply'] : undefined;
    const content = quick as { body: string; actions: { id: string; title: string }[] } | undefined;
    return content
      ? `${content.body} ${content.actions.map((a) => `[${a.title}|${a.id}]`).join(' ')}`
      : (m.body ?? '');
  };
  /** Waits for the learner's next message that matches, after the `seen` already read. */
  async function next(phone: string, seen: number, pattern: RegExp): Promise<number> {
    return vi.waitFor(() => {
      const texts = fake.sentTo(phone).slice(seen).map(shown);
      const at = texts.findIndex((text) => pattern.test(text));
      expect(at, `no ${pattern} in ${JSON.stringify(texts)}`).toBeGreaterThanOrEqual(0);
      return seen + at + 1;
    }, soon);
  }

  it('welcomes +254 in both languages, ends with a Start lesson 1 now button (NEXT) that starts it at once and moves the day’s lesson to tomorrow', async () => {
    const phone = '+254722000311';
    await says(phone, { text: 'hi' });
    let seen = await next(phone, 0, /What should I call you\?\s+Karibu LearnLoop!.*Nikuite nani\?/su);
    await says(phone, { text: 'Amina' });
    seen = await next(phone, seen, /Which language.*Ungependa kujifunza kwa lugha gani/su);
    await says(phone, { button: 'en', title: 'English' });
    seen = await next(phone, seen, /Which course/);
    await says(phone, { text: '1' });
    seen = await next(phone, seen, /send a time from 07:00 to 20:59/);
    await says(phone, { text: '20:59' });
    seen = await next(phone, seen, /You seem to be in Nairobi time/);
    await says(phone, { button: 'default', title: "Yes, that's right" });
    seen = await next(
      phone,
      seen,
      /every day at 20:59 \(Nairobi time\).*send NEXT.*\[Start lesson 1 now\|NEXT\]/su,
    );

    const tapped = DateTime.now().setZone('Africa/Nairobi');
    await says(phone, { button: 'NEXT', title: 'Start lesson 1 now' });
    await next(phone, seen, /Lesson 1 of 6/);

    const [learner] = await served.database.db.select().from(users).where(eq(users.phone, phone));
    const [daily] = await served.database.db
      .select()
      .from(timers)
      .where(
        and(
          eq(timers.userId, learner!.id),
          eq(timers.name, DAILY_LESSON_TIMER),
          eq(timers.status, 'pending'),
        ),
      );
    const due = DateTime.fromJSDate(daily!.dueAt).setZone('Africa/Nairobi');
    expect(due.toFormat('HH:mm')).toBe('20:59');
    expect(due.startOf('day') > tapped.startOf('day')).toBe(true);
    expect(fake.rejected).toEqual([]);
  });

  it('answers "habari" in Kiswahili and takes the time on the Swahili clock without the SAA command', async () => {
    const phone = '+255712000312';
    await says(phone, { text: 'Habari' });
    let seen = await next(phone, 0, /^Karibu LearnLoop!.*Nikuite nani\?$/su);
    await says(phone, { text: 'Juma' });
    seen = await next(phone, seen, /Nafurahi kukufahamu, Juma!/);
    await says(phone, { button: 'sw', title: 'Kiswahili' });
    seen = await next(phone, seen, /kozi gani/);
    await says(phone, { text: '1' });
    seen = await next(phone, seen, /kuanzia 07:00 hadi 20:59/);
    await says(phone, { text: 'saa mbili usiku' });
    seen = await next(phone, seen, /saa za Dar es Salaam/);
    await says(phone, { button: 'default', title: 'Ndiyo, ni sahihi' });
    await next(
      phone,
      seen,
      /kila siku saa 20:00 \(saa mbili usiku, saa za Dar es Salaam\).*\[Anza somo la 1 sasa\|NEXT\]/su,
    );
  });
});
