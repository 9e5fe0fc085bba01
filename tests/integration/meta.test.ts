import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliveryStatuses, inboundMessages, outbox, users } from '../../db/schema/index.js';
import { FlowRegistry } from '../../engine/registry.js';
import { welcomeFlow } from '../../flows/welcome.js';
import { configuredDriver, type TestDatabase } from '../harness/db.js';
import { metaChannelConfig } from '../harness/channel-config.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';
import {
  FakeMeta,
  type FakeMetaInbound,
  type FakeMetaMessage,
  type InboundOptions,
} from '../harness/fake-meta.js';

const VERIFY_TOKEN = 'verify-learnloop';
const WELCOME = /^Welcome to LearnLoop! 🌱/;
let phones = 0;
const nextPhone = () => `+2547${String(20_000_000 + ++phones * 7919).slice(-8)}`;
const soon = { timeout: 5000, interval: 25 };

/** What a learner sees of a message the fake accepted: its text, and the ids of its buttons or rows. */
function seen(message: FakeMetaMessage): string {
  const { request } = message;
  if (request.type === 'text') return request.text.body as string;
  if (request.type === 'interactive') {
    const { interactive } = request;
    const ids =
      interactive.type === 'button'
        ? interactive.action.buttons.map((b: { reply: { id: string } }) => b.reply.id)
        : interactive.action.sections[0].rows.map((r: { id: string }) => r.id);
    return `${interactive.body.text as string} [${interactive.type}: ${ids.join(', ')}]`;
  }
  return `[${request.type as string}]`;
}

/**
 * The real runtime on WHATSAPP_CHANNEL=meta: signed Cloud API webhooks in through the real HTTP
 * server, replies out to a fake Graph API on loopback, delivery statuses back as signed webhooks.
 */
describe(`WhatsApp through Meta's Cloud API, end to end (${configuredDriver()})`, () => {
  let fake: FakeMeta;
  let served: ServedRuntime;
  let database: TestDatabase;
  let base = '';

  beforeAll(async () => {
    fake = await new FakeMeta({ enforceWindow: true, autoStatuses: false }).start();
    served = await serveTestRuntime(
      () => metaChannelConfig(fake, VERIFY_TOKEN),
      // The welcome flow: short, with reply buttons (the time choices).
      { registry: new FlowRegistry([welcomeFlow], 'welcome') },
    );
    ({ database, base } = served);
    fake.webhookUrl = `${base}/webhooks/meta`;
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  const conversation = (phone: string) => fake.sentTo(phone).map(seen);
  async function says(phone: string, content: FakeMetaInbound, options: InboundOptions = {}) {
    const { response, id } = await fake.send(phone, content, options);
    expect(response.status).toBe(200);
    return id;
  }
  const learner = async (phone: string) =>
    (await database.db.select().from(users).where(eq(users.phone, phone)))[0];

  it('answers the webhook verification challenge with the verify token, and refuses a wrong one', async () => {
    const challenge = await fetch(
      `${base}/webhooks/meta?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(challenge.status).toBe(200);
    expect(await challenge.text()).toBe('1158201444');
    const wrong = await fetch(
      `${base}/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`,
    );
    expect(wrong.status).toBe(403);
  });

  it('gives a learner every reply in order, with the time choices as reply buttons', async () => {
    const phone = nextPhone();
    await says(phone, { text: 'hi' }, { name: 'Amina' });
    await vi.waitFor(() => expect(conversation(phone)).toEqual([expect.stringMatching(WELCOME)]), soon);
    expect(await learner(phone)).toMatchObject({ status: 'active' });

    await says(phone, { text: 'Amina' });
    await vi.waitFor(() => expect(conversation(phone)).toHaveLength(2), soon);
    const [buttons] = fake.sentTo(phone).slice(1);
    expect(buttons!.request.interactive).toEqual({
      type: 'button',
      body: { text: 'Nice to meet you, Amina! When would you like your daily nudge?' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: '07:30', title: 'Morning 07:30' } },
          { type: 'reply', reply: { id: '12:30', title: 'Midday 12:30' } },
          { type: 'reply', reply: { id: '19:00', title: 'Evening 19:00' } },
        ],
      },
    });

    await says(phone, { button: '07:30', title: 'Morning 07:30' });
    await vi.waitFor(
      () =>
        expect(conversation(phone)).toEqual([
          expect.stringMatching(WELCOME),
          'Nice to meet you, Amina! When would you like your daily nudge? [button: 07:30, 12:30, 19:00]',
          "Done! I'll check in every day at 07:30 your time. Reply MENU any time.",
        ]),
      soon,
    );
    expect((await learner(phone))!.name).toBe('Amina');
    expect(fake.rejected).toEqual([]);
  });

  it('runs several messages of one POST in order, and gives one reply to a webhook delivered twice', async () => {
    const phone = nextPhone();
    const hi = fake.messageValue(phone, { text: 'hi' });
    const name = fake.messageValue(phone, { text: 'Baraka' });
    const body = fake.envelope(hi.value, name.value);
    expect((await fake.post(fake.webhookUrl!, body)).status).toBe(200);
    expect((await fake.post(fake.webhookUrl!, body)).status).toBe(200);
    await vi.waitFor(() => expect(conversation(phone)).toHaveLength(2), soon);
    expect(conversation(phone)).toEqual([
      expect.stringMatching(WELCOME),
      'Nice to meet you, Baraka! When would you like your daily nudge? [button: 07:30, 12:30, 19:00]',
    ]);

    const again = fake.messageValue(phone, { text: '06:45' });
    const raw = JSON.stringify(fake.envelope(again.value));
    for (let i = 0; i < 2; i++) expect((await fake.post(fake.webhookUrl!, raw)).status).toBe(200);
    await vi.waitFor(() => expect(conversation(phone)).toHaveLength(3), soon);
    expect(conversation(phone)[2]).toMatch(/every day at 06:45/);
    const stored = await database.db
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.providerId, again.id));
    expect(stored).toHaveLength(1);
  });

  it('refuses a bad signature with 403 and leaves a malformed message out (200, logged), leaving no trace', async () => {
    const phone = nextPhone();
    const { id, value } = fake.messageValue(phone, { text: 'forged' });
    const body = fake.envelope(value);
    const forged = await fake.post(fake.webhookUrl!, body, {
      signature: fake.signature(JSON.stringify(body), 'not-the-app-secret'),
    });
    expect(forged.status).toBe(403);
    const unsigned = await fetch(fake.webhookUrl!, { method: 'POST', body: JSON.stringify(body) });
    expect(unsigned.status).toBe(403);
    value.messages[0].from = phone;
    // Signed by Meta but unreadable: a 400 would only make Meta send it again for days.
    const malformed = await fake.post(fake.webhookUrl!, fake.envelope(value));
    expect(malformed.status).toBe(200);
    expect(await learner(phone)).toBeUndefined();
    expect(
      await database.db.select().from(inboundMessages).where(eq(inboundMessages.providerId, id)),
    ).toEqual([]);
    expect(fake.sentTo(phone)).toEqual([]);
  });

  it('records statuses from signed webhooks and never moves one backwards', async () => {
    const phone = nextPhone();
    await says(phone, { text: 'hi' });
    await vi.waitFor(() => expect(conversation(phone)).toHaveLength(1), soon);
    const [welcome] = fake.sentTo(phone);
    for (const status of ['sent', 'read', 'delivered', 'sent', 'read']) {
      expect(await fake.status(welcome!, status)).toBe(200);
    }
    const [row] = await database.db
      .select()
      .from(deliveryStatuses)
      .where(eq(deliveryStatuses.providerId, welcome!.id));
    expect(row).toMatchObject({ channel: 'meta', status: 'read', recipient: phone });
    expect(row!.deliveredAt).not.toBeNull();
  });

  it('marks a learner who stopped marketing messages (131050) opted out, and sends them nothing more', async () => {
    const phone = nextPhone();
    await says(phone, { text: 'hi' });
    await vi.waitFor(() => expect(conversation(phone)).toHaveLength(1), soon);
    expect(await fake.status(fake.sentTo(phone)[0]!, 'failed', 131050)).toBe(200);
    expect((await learner(phone))!.status).toBe('opted_out');
    await says(phone, { text: 'Wanjiru' });
    await vi.waitFor(async () => {
      const rows = await database.db
        .select()
        .from(outbox)
        .where(eq(outbox.userId, (await learner(phone))!.id));
      expect(rows.map((r) => r.status)).toEqual(['sent', 'dead']);
    }, soon);
    expect(fake.sentTo(phone)).toHaveLength(1);
  });

  it('holds a free-form reply Meta refused outside the window (131047) instead of sending it again', async () => {
    const phone = nextPhone();
    const rows = async () =>
      database.db
        .select()
        .from(outbox)
        .where(eq(outbox.userId, (await learner(phone))!.id));
    // WhatsApp sees this learner's window as closed while the app sees it open.
    await says(phone, { text: 'late' }, { opensWindow: false });
    await vi.waitFor(async () => expect((await rows()).map((r) => r.status)).toEqual(['sent']), soon);
    expect(fake.pendingFailures.map((h) => h.errorCode)).toEqual([131047]);
    expect(await fake.flushStatuses()).toEqual([200]);
    expect((await rows()).map((r) => r.status)).toEqual(['held']);
    expect(fake.sentTo(phone)).toHaveLength(1);
  });
});
