import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { learnerIdentities, users } from '../../db/schema/index.js';
import { metaChannelConfig } from '../harness/channel-config.js';
import { configuredDriver, type TestDatabase } from '../harness/db.js';
import {
  FakeMeta,
  type FakeMetaInbound,
  type FakeMetaMessage,
  type InboundOptions,
} from '../harness/fake-meta.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';

const soon = { timeout: 10_000, interval: 25 };
/** A badge's celebration (flows/badges.ts), in either language. */
const BADGE = /^\S+ \*(New badge|Beji mpya): /u;

/** What a learner sees of a message: its text, and the ids of its buttons or rows. */
function seen({ request }: FakeMetaMessage): string {
  if (request.type === 'text') return request.text.body as string;
  if (request.type === 'interactive') {
    const { interactive } = request;
    const ids =
      interactive.type === 'button'
        ? interactive.action.buttons.map((b: { reply: { id: string } }) => b.reply.id)
        : interactive.action.sections.flatMap((s: { rows: { id: string }[] }) => s.rows.map((r) => r.id));
    return `${interactive.body.text as string} [${interactive.type}: ${ids.join(', ')}]`;
  }
  // A picture or document: what the learner reads is its caption.
  const caption = (request[request.type as string] as { caption?: string } | undefined)?.caption;
  return caption ? `${caption} [${request.type as string}]` : `[${request.type as string}]`;
}

/**
 * Learners WhatsApp names without a phone number (issue 15): signed Cloud API webhooks carrying
 * only a BSUID and a username, through the real runtime, replies to the fake Graph API as `recipient`.
 */
describe(`a WhatsApp learner without a phone number, through Meta end to end (${configuredDriver()})`, () => {
  let fake: FakeMeta;
  let served: ServedRuntime;
  let database: TestDatabase;

  beforeAll(async () => {
    fake = await new FakeMeta({ enforceWindow: true }).start();
    served = await serveTestRuntime(() => metaChannelConfig(fake, 'verify'));
    database = served.database;
    fake.webhookUrl = `${served.base}/webhooks/meta`;
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  const conversation = (address: string) => fake.sentTo(address).map(seen);
  /** Sends, then waits until the bot's last reply (a celebration aside) matches `expected`; returns the new replies. */
  async function says(
    address: string,
    content: FakeMetaInbound,
    expected: RegExp,
    options: InboundOptions = {},
    repliesTo = address,
  ): Promise<string[]> {
    const before = fake.sentTo(repliesTo).length;
    const { response } = await fake.send(address, content, options);
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

  /** Onboarding by `address` (a phone or a BSUID), then NEXT and the first lesson's quiz answered. */
  async function onboardsAndTakesAQuiz(address: string, options: InboundOptions) {
    await says(address, { text: 'hi' }, /What should I call you\?/, options);
    await says(address, { text: 'Amina' }, /Which language/, options);
    await says(address, { button: 'en', title: 'English' }, /Which course/, options);
    await says(address, { text: '1' }, /What time of day/, options);
    const zone = await says(
      address,
      { button: '07:30', title: 'Morning 07:30' },
      /time zone|time, where/,
      options,
    );
    // A Kenyan phone, or a BSUID with Kenya's prefix (KE.), has Nairobi proposed (issue 15).
    expect(zone.at(-1)).toMatch(/in Nairobi time/);
    await says(address, { text: 'Nairobi' }, /All set, Amina!/, options);
    let replies = await says(address, { text: 'NEXT' }, /Question 1 of/, options);
    for (let turn = 0; turn < 12 && !replies.some((r) => /Quiz done/.test(r)); turn++) {
      // The first answer offered: a tapped button or list row, else a typed 1.
      const [, kind, ids] = /\[(button|list): ([^\]]+)\]$/.exec(replies.at(-1)!) ?? [];
      const first = ids?.split(', ')[0];
      const answer: FakeMetaInbound = !first
        ? { text: '1' }
        : kind === 'list'
          ? { list: first }
          : { button: first };
      replies = await says(address, answer, /Question \d+ of|Quiz done/, options);
    }
    expect(replies.some((r) => /Quiz done/.test(r))).toBe(true);
  }

  it('onboards a learner known only by BSUID and username, gives a lesson and its quiz, every reply sent to the BSUID', async () => {
    const bsuid = 'KE.1502576394655843';
    await onboardsAndTakesAQuiz(bsuid, { username: 'amina.k', name: 'Amina' });
    const amina = (await learnerAt(bsuid))!;
    expect(amina.name).toBe('Amina');
    const identities = await database.db
      .select({ kind: learnerIdentities.kind, value: learnerIdentities.value })
      .from(learnerIdentities)
      .where(eq(learnerIdentities.userId, amina.id));
    expect(identities.map((i) => `${i.kind}:${i.value}`).sort()).toEqual([
      `bsuid:${bsuid}`,
      'username:amina.k',
    ]);
    // Every reply went out as `recipient`, none to a phone number, and none was refused.
    const sent = fake.sentTo(bsuid);
    expect(sent.length).toBeGreaterThan(8);
    for (const message of sent) {
      expect(message.request.recipient).toBe(bsuid);
      expect(message.request).not.toHaveProperty('to');
    }
    expect(fake.rejected).toEqual([]);
  });

  it('keeps one learner, progress and all, who wrote with phone and BSUID and later with only the BSUID', async () => {
    const phone = '+254722333444';
    const bsuid = 'KE.88112233445566';
    await onboardsAndTakesAQuiz(phone, { bsuid, name: 'Amina' });
    const before = (await learnerAt(phone))!;
    // The learner adopts a username: Meta now withholds the phone.
    // The reply goes to the learner's address, their phone, as before.
    const replies = await says(bsuid, { text: 'PROGRESS' }, /Your progress/, { username: 'amina.k2' }, phone);
    expect(fake.sentTo(bsuid)).toEqual([]);
    expect(await learnerAt(bsuid)).toBeUndefined();
    const after = (await learnerAt(phone))!;
    expect(after.id).toBe(before.id);
    expect(after.learningState).toEqual(before.learningState);
    expect(replies.at(-1)).toMatch(/Last quiz: \d+ out of \d+/);
  });

  it('follows a BSUID change (system message) to the same learner without a turn, and answers the new BSUID', async () => {
    const previous = 'KE.1502576394655843';
    const next = 'KE.2739104857362019';
    const before = (await learnerAt(previous))!;
    const sentBefore = fake.messages.length;
    const change = {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: fake.phoneNumberId },
      messages: [
        {
          id: 'wamid.change1',
          timestamp: String(Math.floor(Date.now() / 1000)),
          type: 'system',
          system: {
            body: `User Amina changed from ${previous} to ${next}`,
            user_id: next,
            previous_user_id: previous,
            type: 'user_changed_user_id',
          },
        },
      ],
    };
    expect((await fake.post(fake.webhookUrl!, fake.envelope(change))).status).toBe(200);
    const moved = (await learnerAt(next))!;
    expect(moved.id).toBe(before.id);
    expect(await learnerAt(previous)).toBeUndefined();
    const replies = await says(next, { text: 'PROGRESS' }, /Your progress/, { username: 'amina.k' });
    expect(replies.at(-1)).toMatch(/Last quiz: \d+ out of \d+/);
    // The change itself ran no turn: the only new message is the PROGRESS reply.
    expect(fake.messages.length).toBe(sentBefore + 1);
  });

  it('makes one learner of two first webhooks of the same new person arriving at once', async () => {
    const bsuid = 'KE.5550001112223334';
    const [a, b] = await Promise.all([
      fake.send(bsuid, { text: 'hi' }, { username: 'wanjiru' }),
      fake.send(bsuid, { text: 'hello' }, { username: 'wanjiru' }),
    ]);
    expect([a.response.status, b.response.status]).toEqual([200, 200]);
    const rows = await database.db
      .select({ userId: learnerIdentities.userId })
      .from(learnerIdentities)
      .where(eq(learnerIdentities.value, bsuid));
    expect(rows).toEqual([{ userId: (await learnerAt(bsuid))!.id }]);
    await vi.waitFor(() => expect(conversation(bsuid).length).toBeGreaterThanOrEqual(2), soon);
  });
});
