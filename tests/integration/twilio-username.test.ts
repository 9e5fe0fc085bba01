import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliveryStatuses, learnerIdentities, users } from '../../db/schema/index.js';
import { FakeTwilio, type FakeTwilioMessage } from '../../scripts/bench/fake-twilio.js';
import { twilioChannelConfig } from '../harness/channel-config.js';
import { configuredDriver, type TestDatabase } from '../harness/db.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';

const soon = { timeout: 10_000, interval: 25 };
/** A badge's celebration (flows/badges.ts), in either language. */
const BADGE = /^\S+ \*(New badge|Beji mpya): /u;
type Content = Parameters<FakeTwilio['inboundParams']>[1];

/**
 * Learners WhatsApp names without a phone number (issue 15), through Twilio as far as Twilio
 * documents it: `From` is `whatsapp:<BSUID>` (docs/whatsapp-identity.md#twilio), replies go to
 * `To: whatsapp:<BSUID>`, through the real runtime, its product flows and a fake Twilio on loopback.
 */
describe(`a WhatsApp learner without a phone number, through Twilio end to end (${configuredDriver()})`, () => {
  let fake: FakeTwilio;
  let served: ServedRuntime;
  let database: TestDatabase;

  beforeAll(async () => {
    fake = await new FakeTwilio({ enforceWindow: true }).start();
    served = await serveTestRuntime(() => twilioChannelConfig(fake));
    database = served.database;
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  /** What a learner sees of a message: its text, and the ids of its quick replies or list rows. */
  function seen(message: FakeTwilioMessage): string {
    const types = message.contentSid ? fake.contents.get(message.contentSid)?.types : undefined;
    const quick = types?.['twilio/quick-reply'];
    if (quick) return `${quick.body} [button: ${quick.actions!.map((a) => a.id).join(', ')}]`;
    const list = types?.['twilio/list-picker'] as { body: string; items: { id: string }[] } | undefined;
    if (list) return `${list.body} [list: ${list.items.map((i) => i.id).join(', ')}]`;
    return message.body ?? `[${message.contentSid}]`;
  }
  const conversation = (address: string) => fake.sentTo(address).map(seen);

  /** Sends as `address` (phone or BSUID), then waits for a reply to `repliesTo` matching `expected`. */
  async function says(
    address: string,
    content: Content,
    expected: RegExp,
    extra: Record<string, string> = {},
    repliesTo = address,
  ): Promise<string[]> {
    const before = fake.sentTo(repliesTo).length;
    fake.opened(repliesTo);
    const response = await fake.post(
      `${served.base}/webhooks/twilio`,
      fake.inboundParams(address, content, extra),
    );
    expect(response.status).toBe(200);
    // Matched by the last reply but a badge's celebration, which may follow a quiz's result.
    await vi.waitFor(
      () =>
        expect(
          conversation(repliesTo)
            .slice(before)
            .findLast((r) => !BADGE.test(r)),
        ).toMatch(expected),
      soon,
    );
    return conversation(repliesTo).slice(before);
  }
  const learnerAt = async (address: string) =>
    (await database.db.select().from(users).where(eq(users.phone, address)))[0];
  const identitiesOf = async (userId: string) =>
    (
      await database.db
        .select({ kind: learnerIdentities.kind, value: learnerIdentities.value })
        .from(learnerIdentities)
        .where(eq(learnerIdentities.userId, userId))
    )
      .map((i) => `${i.kind}:${i.value}`)
      .sort();

  /** Onboarding, then NEXT and the first lesson's quiz answered with the first choice offered. */
  async function onboardsAndTakesAQuiz(address: string, extra: Record<string, string> = {}) {
    await says(address, { text: 'hi' }, /What should I call you\?/, extra);
    await says(address, { text: 'Amina' }, /Which language/, extra);
    await says(address, { button: 'en', title: 'English' }, /Which course/, extra);
    await says(address, { text: '1' }, /What time of day/, extra);
    const zone = await says(
      address,
      { button: '07:30', title: 'Morning 07:30' },
      /time zone|time, where/,
      extra,
    );
    // A BSUID with Kenya's prefix (KE.) has Nairobi proposed, as a Kenyan phone does.
    expect(zone.at(-1)).toMatch(/in Nairobi time/);
    await says(address, { text: 'Nairobi' }, /All set, Amina!/, extra);
    let replies = await says(address, { text: 'NEXT' }, /Question 1 of/, extra);
    for (let turn = 0; turn < 12 && !replies.some((r) => /Quiz done/.test(r)); turn++) {
      const [, kind, ids] = /\[(button|list): ([^\]]+)\]$/.exec(replies.at(-1)!) ?? [];
      const first = ids?.split(', ')[0];
      const answer: Content = !first ? { text: '1' } : kind === 'list' ? { list: first } : { button: first };
      replies = await says(address, answer, /Question \d+ of|Quiz done/, extra);
    }
    expect(replies.some((r) => /Quiz done/.test(r))).toBe(true);
  }

  it('onboards a learner whose From is a BSUID, gives a lesson and its quiz, every reply sent To the BSUID', async () => {
    const bsuid = 'KE.7730001112223334';
    await onboardsAndTakesAQuiz(bsuid);
    const amina = (await learnerAt(bsuid))!;
    expect(amina.name).toBe('Amina');
    expect(await identitiesOf(amina.id)).toEqual([`bsuid:${bsuid}`]);
    const sent = fake.sentTo(bsuid);
    expect(sent.length).toBeGreaterThan(8);
    expect(sent.every((m) => m.to === `whatsapp:${bsuid}`)).toBe(true);
    expect(fake.rejected).toEqual([]);
    // Status callbacks name the BSUID in To; the delivery is recorded against it.
    const last = sent.at(-1)!;
    for (const status of ['sent', 'delivered', 'read'])
      expect(await fake.statusCallback(last, status)).toBe(204);
    const [row] = await database.db
      .select()
      .from(deliveryStatuses)
      .where(eq(deliveryStatuses.providerId, last.sid));
    expect(row).toMatchObject({ status: 'read', recipient: bsuid });
  });

  it('keeps one learner, progress and all, who wrote with phone and ExternalUserIdentifier and later with only the BSUID', async () => {
    const phone = '+254733444555';
    const bsuid = 'KE.6620001112223334';
    await onboardsAndTakesAQuiz(phone, { ExternalUserIdentifier: `whatsapp:${bsuid}` });
    const before = (await learnerAt(phone))!;
    expect(await identitiesOf(before.id)).toEqual([`bsuid:${bsuid}`, `phone:${phone}`]);
    // Twilio now gives only the BSUID in From: the same learner, answered at their address.
    const replies = await says(bsuid, { text: 'PROGRESS' }, /Your progress/, {}, phone);
    expect(fake.sentTo(bsuid)).toEqual([]);
    expect(await learnerAt(bsuid)).toBeUndefined();
    const after = (await learnerAt(phone))!;
    expect(after.id).toBe(before.id);
    expect(after.learningState).toEqual(before.learningState);
    expect(replies.at(-1)).toMatch(/Last quiz: \d+ out of \d+/);
    expect(fake.rejected).toEqual([]);
  });
});
