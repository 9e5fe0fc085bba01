import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliveryStatuses, inboundMessages, outbox, users } from '../../db/schema/index.js';
import { configuredDriver, type TestDatabase } from '../harness/db.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { TWILIO_SENDER, twilioChannelConfig } from '../harness/channel-config.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';
import { fixtureMessages, LONG_LESSON, whatsappRegistry } from '../../scripts/bench/whatsapp-flow.js';

let phones = 0;
const nextPhone = () => `+2547${String(10_000_000 + ++phones * 7919).slice(-8)}`;

/**
 * The real runtime on WHATSAPP_CHANNEL=twilio: signed webhooks in through the real HTTP server,
 * replies out through the twilio package to a fake Twilio on loopback, status callbacks back.
 */
describe(`WhatsApp through Twilio, end to end (${configuredDriver()})`, () => {
  let fake: FakeTwilio;
  let served: ServedRuntime;
  let database: TestDatabase;
  let base = '';

  beforeAll(async () => {
    fake = await new FakeTwilio({ enforceWindow: true }).start();
    served = await serveTestRuntime(() => twilioChannelConfig(fake), {
      registry: whatsappRegistry(),
      messages: fixtureMessages(),
    });
    ({ database, base } = served);
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  /** A learner's message, signed by the fake like Twilio signs it; their window opens. */
  async function says(phone: string, message: Parameters<FakeTwilio['inboundParams']>[1]) {
    fake.opened(phone);
    const params = fake.inboundParams(phone, message);
    const response = await fake.post(`${base}/webhooks/twilio`, params);
    return { response, params };
  }

  const WELCOME = 'Welcome! Try lesson, topics or later.';
  /** What the bot sent this learner after its welcome. */
  const replies = (phone: string) => fake.sentTo(phone).filter((m) => m.body !== WELCOME);
  const bodies = (phone: string) => replies(phone).map((m) => m.body ?? `[${m.contentSid}]`);

  /** A new learner's first message starts the flow, which welcomes them. */
  async function joined(): Promise<string> {
    const phone = nextPhone();
    await says(phone, { text: 'hi' });
    await vi.waitFor(() => expect(fake.sentTo(phone).map((m) => m.body)).toEqual([WELCOME]));
    return phone;
  }

  it('answers a signed message with empty TwiML and replies through Twilio, with a status callback URL', async () => {
    const phone = await joined();
    const { response } = await says(phone, { text: 'hello' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    await vi.waitFor(() => expect(bodies(phone)).toEqual(['You said: hello']));
    const [sent] = fake.sentTo(phone);
    expect(sent).toMatchObject({ from: TWILIO_SENDER, statusCallback: `${base}/webhooks/twilio/status` });
    const [learner] = await database.db.select().from(users).where(eq(users.phone, phone));
    expect(learner).toMatchObject({ status: 'active' });
  });

  it('sends a 2,000-character lesson as two ordered parts with no broken word, link or emoji', async () => {
    const phone = await joined();
    await says(phone, { text: 'lesson' });
    await vi.waitFor(() => expect(replies(phone)).toHaveLength(2));
    const [first, second] = bodies(phone) as [string, string];
    expect(first.length).toBeLessThanOrEqual(1600);
    expect(second.length).toBeLessThanOrEqual(1600);
    expect((first + ' ' + second).replace(/\s+/g, ' ')).toBe(LONG_LESSON.replace(/\s+/g, ' ').trim());
    expect(first).toMatch(/[.🌱]\s*$/u);
    expect(first + second).toContain(
      'https://www.safaricom.co.ke/personal/m-pesa/do-more-with-m-pesa/m-shwari',
    );
    expect(fake.rejected).toEqual([]);
  });

  it('offers 4–10 choices as a Content API list picker and accepts the tapped row', async () => {
    const phone = await joined();
    await says(phone, { text: 'topics' });
    await vi.waitFor(() => expect(replies(phone)).toHaveLength(1));
    const [picker] = replies(phone);
    const content = fake.contents.get(picker!.contentSid!);
    expect(content?.types['twilio/list-picker']).toMatchObject({
      body: 'Pick a topic',
      button: 'Topics',
      items: [1, 2, 3, 4, 5].map((n) => ({ id: `topic:${n}`, item: `Topic ${n}` })),
    });
    await says(phone, { list: 'topic:3', title: 'Topic 3' });
    await vi.waitFor(() => expect(bodies(phone)[1]).toBe('You said: topic:3'));
  });

  it('gives one reply to a webhook Twilio delivers twice', async () => {
    const phone = await joined();
    const { params } = await says(phone, { text: 'once' });
    const again = await fake.post(`${base}/webhooks/twilio`, params);
    expect(again.status).toBe(200);
    await vi.waitFor(() => expect(bodies(phone)).toEqual(['You said: once']));
    await says(phone, { text: 'twice' });
    await vi.waitFor(() => expect(bodies(phone)).toEqual(['You said: once', 'You said: twice']));
  });

  it('refuses a bad signature with 403 and a malformed body with 400, storing nothing', async () => {
    const phone = nextPhone();
    const params = fake.inboundParams(phone, { text: 'forged' });
    const forged = await fetch(`${base}/webhooks/twilio`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // Shaped like a signature (base64 of 20 bytes), so it is checked against the body and fails.
        'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJlIGF0ISE=',
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.message).toMatch(/X-Twilio-Signature does not match/);
    // Signed for another URL (PUBLIC_BASE_URL misconfigured): refused too.
    const elsewhere = await fake.post(
      `${base}/webhooks/twilio`,
      params,
      'https://example.com/webhooks/twilio',
    );
    expect(elsewhere.status).toBe(403);
    const malformed = await fake.post(`${base}/webhooks/twilio`, { ...params, From: phone });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.details).toEqual([
      {
        field: '/From',
        reason:
          'must be a WhatsApp address like whatsapp:+254712345678 or, without a phone, whatsapp:KE.1502576394655843',
      },
    ]);
    expect(await database.db.select().from(users).where(eq(users.phone, phone))).toEqual([]);
    const stored = await database.db
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.providerId, params.MessageSid!));
    expect(stored).toEqual([]);
  });

  it('records statuses from signed callbacks and never moves one backwards', async () => {
    const phone = await joined();
    await says(phone, { text: 'status' });
    await vi.waitFor(() => expect(replies(phone)).toHaveLength(1));
    const [message] = replies(phone);
    for (const status of ['sent', 'read', 'delivered', 'read']) {
      expect(await fake.statusCallback(message!, status)).toBe(204);
    }
    const [row] = await database.db
      .select()
      .from(deliveryStatuses)
      .where(eq(deliveryStatuses.providerId, message!.sid));
    expect(row).toMatchObject({ status: 'read', recipient: phone });
    expect(row!.deliveredAt).not.toBeNull();
  });

  it('marks a learner opted out on error 21610 and sends them nothing more', async () => {
    const phone = await joined();
    await says(phone, { text: 'first' });
    await vi.waitFor(() => expect(replies(phone)).toHaveLength(1));
    await fake.statusCallback(replies(phone)[0]!, 'failed', '21610');
    const [learner] = await database.db.select().from(users).where(eq(users.phone, phone));
    expect(learner!.status).toBe('opted_out');
    await says(phone, { text: 'second' });
    await vi.waitFor(async () => {
      const rows = await database.db.select().from(outbox).where(eq(outbox.userId, learner!.id));
      expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'dead']);
    });
    expect(bodies(phone)).toEqual(['You said: first']);
  });

  it('holds a free-form reply that Twilio refused outside the window (63016) instead of resending it', async () => {
    const phone = nextPhone();
    // The learner's window at WhatsApp is closed (the fake never saw them write), ours looks open.
    await fake.post(`${base}/webhooks/twilio`, fake.inboundParams(phone, { text: 'late' }));
    await vi.waitFor(async () => {
      const [learner] = await database.db.select().from(users).where(eq(users.phone, phone));
      const rows = await database.db.select().from(outbox).where(eq(outbox.userId, learner!.id));
      expect(rows.map((r) => r.status)).toEqual(['held']);
    });
    expect(fake.rejected.filter((r) => r.code === 63016)).toHaveLength(1);
    expect(fake.sentTo(phone)).toHaveLength(1);
  });
});
