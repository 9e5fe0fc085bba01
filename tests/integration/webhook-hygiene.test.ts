import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TWILIO_MAX_BODY_BYTES, TWILIO_MAX_FORM_PARAMS } from '../../adapters/http/routes/twilio.js';
import { inboundMessages, users } from '../../db/schema/index.js';
import type { Inbound } from '../../engine/events.js';
import { configuredDriver, type TestDatabase } from '../harness/db.js';
import { FakeMeta } from '../harness/fake-meta.js';
import { metaChannelConfig, twilioChannelConfig } from '../harness/channel-config.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';
import { fixtureMessages, whatsappRegistry } from '../../scripts/bench/whatsapp-flow.js';

/** RATE_LIMIT_PER_PHONE for these runtimes; the window outlasts the test, so no clock is involved. */
const LIMIT = 3;
const rateLimit = { points: LIMIT, windowSeconds: 3600 };
const WELCOME = 'Welcome! Try lesson, topics or later.';
const NUL = '\u0000';
const LONE_HIGH = '\uD83D';
const soon = { timeout: 5000, interval: 25 };
let phones = 0;
const nextPhone = () => `+2547${String(30_000_000 + ++phones * 7919).slice(-8)}`;

/** What was stored for this learner, oldest first: the message, whether a turn ran, and why not. */
async function inboxOf(database: TestDatabase, phone: string) {
  const rows = await database.db
    .select({ event: inboundMessages.event, turn: inboundMessages.turn, error: inboundMessages.error })
    .from(inboundMessages)
    .innerJoin(users, eq(users.id, inboundMessages.userId))
    .where(eq(users.phone, phone))
    .orderBy(asc(inboundMessages.id));
  return rows.map((row) => {
    const event = row.event as Extract<Inbound, { type: 'message' }>;
    return {
      message: event.message,
      name: event.profile?.name,
      turned: row.turn !== null,
      error: row.error,
    };
  });
}

const text = (value: string) => ({ kind: 'text', text: value });

describe(`Webhook hygiene through Twilio (${configuredDriver()})`, () => {
  let fake: FakeTwilio;
  let served: ServedRuntime;
  let base = '';

  beforeAll(async () => {
    fake = await new FakeTwilio().start();
    served = await serveTestRuntime(() => ({ ...twilioChannelConfig(fake), rateLimit }), {
      registry: whatsappRegistry(),
      messages: fixtureMessages(),
    });
    base = served.base;
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  const post = (params: Record<string, string>) => fake.post(`${base}/webhooks/twilio`, params);
  const bodies = (phone: string) => fake.sentTo(phone).map((m) => m.body ?? '');

  it('stores and answers a message whose text and profile name hold a NUL byte, without the NUL', async () => {
    const phone = nextPhone();
    expect((await post(fake.inboundParams(phone, { text: 'hi' }))).status).toBe(200);
    const dirty = fake.inboundParams(phone, { text: `hel${NUL}lo 🌱` }, { ProfileName: `Ami${NUL}na` });
    const response = await post(dirty);
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(bodies(phone)).toEqual([WELCOME, 'You said: hello 🌱']), soon);
    expect((await inboxOf(served.database, phone))[1]).toEqual({
      message: text('hello 🌱'),
      name: 'Amina',
      turned: true,
      error: null,
    });
  });

  it('keeps the first 4,096 characters of a longer text and answers it', async () => {
    const phone = nextPhone();
    await post(fake.inboundParams(phone, { text: 'hi' }));
    const long = 'a'.repeat(4095) + '🌱'.repeat(900);
    expect((await post(fake.inboundParams(phone, { text: long }))).status).toBe(200);
    const [, stored] = await inboxOf(served.database, phone);
    expect(stored!.message).toEqual(text('a'.repeat(4095) + '🌱'));
    await vi.waitFor(() => expect(bodies(phone).length).toBeGreaterThan(1), soon);
    expect(bodies(phone).join('')).toContain('You said: aaa');
  });

  it('answers a body over 64 KB and a form of too many parameters with 413, storing nothing', async () => {
    const phone = nextPhone();
    const oversize = fake.inboundParams(phone, { text: 'x'.repeat(TWILIO_MAX_BODY_BYTES) });
    const tooLarge = await post(oversize);
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error).toMatchObject({
      code: 'payload_too_large',
      message: `request body is larger than ${TWILIO_MAX_BODY_BYTES} bytes`,
      requestId: expect.any(String),
    });
    const padding = Object.fromEntries(
      Array.from({ length: TWILIO_MAX_FORM_PARAMS }, (_, i) => [`X${i}`, '']),
    );
    const tooMany = await post(fake.inboundParams(phone, { text: 'hi' }, padding));
    expect(tooMany.status).toBe(413);
    expect((await tooMany.json()).error.message).toBe(
      `Twilio webhooks carry at most ${TWILIO_MAX_FORM_PARAMS} form parameters`,
    );
    const status = await fake.post(`${base}/webhooks/twilio/status`, {
      MessageSid: `SM${'a'.repeat(32)}`,
      MessageStatus: 'delivered',
      Padding: 'x'.repeat(TWILIO_MAX_BODY_BYTES),
    });
    expect(status.status).toBe(413);
    expect(await inboxOf(served.database, phone)).toEqual([]);
  });

  it('refuses a missing or malformed X-Twilio-Signature with 403 naming the header', async () => {
    const form = new URLSearchParams(fake.inboundParams(nextPhone(), { text: 'hi' })).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const unsigned = await fetch(`${base}/webhooks/twilio`, { method: 'POST', headers, body: form });
    expect(unsigned.status).toBe(403);
    expect((await unsigned.json()).error.message).toBe(
      'X-Twilio-Signature is missing: only signed webhooks are accepted',
    );
    const malformed = await fetch(`${base}/webhooks/twilio`, {
      method: 'POST',
      headers: { ...headers, 'x-twilio-signature': 'not base64!' },
      body: form,
    });
    expect(malformed.status).toBe(403);
    expect((await malformed.json()).error.message).toMatch(/^X-Twilio-Signature is malformed/);
  });

  it(`stores every message over RATE_LIMIT_PER_PHONE (${LIMIT}) with 200 but runs no turn for it; STOP still works`, async () => {
    const phone = nextPhone();
    const sent = ['hi', 'one', 'two', 'three', 'four'].map((word) =>
      fake.inboundParams(phone, { text: word }),
    );
    for (const params of sent) expect((await post(params)).status).toBe(200);
    // The replies within the limit reach the learner before they opt out (a reply still queued
    // when STOP lands is rightly never sent).
    await vi.waitFor(() => expect(bodies(phone)).toHaveLength(3), soon);
    // Twilio delivering an extra message again: still one row.
    expect((await post(sent[3]!)).status).toBe(200);
    expect((await post(fake.inboundParams(phone, { text: 'STOP' }))).status).toBe(200);
    await vi.waitFor(async () => {
      const [learner] = await served.database.db.select().from(users).where(eq(users.phone, phone));
      expect(learner!.status).toBe('opted_out');
    }, soon);
    expect(await inboxOf(served.database, phone)).toEqual([
      { message: text('hi'), name: 'Amina', turned: true, error: null },
      { message: text('one'), name: 'Amina', turned: true, error: null },
      { message: text('two'), name: 'Amina', turned: true, error: null },
      { message: text('three'), name: 'Amina', turned: false, error: 'rate_limited' },
      { message: text('four'), name: 'Amina', turned: false, error: 'rate_limited' },
      { message: text('STOP'), name: 'Amina', turned: true, error: null },
    ]);
    await vi.waitFor(() => expect(bodies(phone)).toHaveLength(4), soon);
    expect(bodies(phone).slice(0, 3)).toEqual([WELCOME, 'You said: one', 'You said: two']);
  });
});

describe(`Webhook hygiene through Meta (${configuredDriver()})`, () => {
  let fake: FakeMeta;
  let served: ServedRuntime;

  beforeAll(async () => {
    fake = await new FakeMeta({ autoStatuses: false }).start();
    served = await serveTestRuntime(() => ({ ...metaChannelConfig(fake, 'verify-hygiene'), rateLimit }), {
      registry: whatsappRegistry(),
      messages: fixtureMessages(),
    });
    fake.webhookUrl = `${served.base}/webhooks/meta`;
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  const bodies = (phone: string) =>
    fake.sentTo(phone).map((m) => (m.request.type === 'text' ? (m.request.text.body as string) : ''));

  it('stores and answers the good messages of a batch: NULs and lone surrogates dropped, a malformed one left out', async () => {
    const [amina, baraka, nobody] = [nextPhone(), nextPhone(), nextPhone()];
    for (const phone of [amina, baraka]) {
      expect((await fake.send(phone, { text: 'hi' })).response.status).toBe(200);
    }
    const plain = fake.messageValue(amina, { text: 'habari' });
    const dirty = fake.messageValue(
      baraka,
      { text: `mambo${NUL} ${LONE_HIGH}🌱${LONE_HIGH}` },
      { name: `Bara${NUL}ka${LONE_HIGH}` },
    );
    const broken = fake.messageValue(nobody, { text: 'hello' });
    broken.value.messages[0].from = 'nobody';
    const response = await fake.post(fake.webhookUrl!, fake.envelope(plain.value, dirty.value, broken.value));
    expect(response.status).toBe(200);
    await vi.waitFor(() => {
      expect(bodies(amina)).toEqual([WELCOME, 'You said: habari']);
      expect(bodies(baraka)).toEqual([WELCOME, 'You said: mambo 🌱']);
    }, soon);
    expect((await inboxOf(served.database, baraka))[1]).toEqual({
      message: text('mambo 🌱'),
      name: 'Baraka',
      turned: true,
      error: null,
    });
    expect(await inboxOf(served.database, nobody)).toEqual([]);
  });

  it(`stores a batch over RATE_LIMIT_PER_PHONE (${LIMIT}) with 200, running turns only within the limit`, async () => {
    const phone = nextPhone();
    const words = ['hi', 'one', 'two', 'three', 'four'];
    const batch = words.map((word) => fake.messageValue(phone, { text: word }));
    const body = fake.envelope(...batch.map((m) => m.value));
    expect((await fake.post(fake.webhookUrl!, body)).status).toBe(200);
    // Meta delivering the same batch again: nothing new.
    expect((await fake.post(fake.webhookUrl!, body)).status).toBe(200);
    expect(await inboxOf(served.database, phone)).toEqual(
      words.map((word, i) => ({
        message: text(word),
        name: 'Amina',
        turned: i < LIMIT,
        error: i < LIMIT ? null : 'rate_limited',
      })),
    );
    await vi.waitFor(() => expect(bodies(phone)).toEqual([WELCOME, 'You said: one', 'You said: two']), soon);
  });
});

describe(`Inbound hygiene on the console channel (${configuredDriver()})`, () => {
  let served: ServedRuntime;

  beforeAll(async () => {
    served = await serveTestRuntime(() => ({}), {
      registry: whatsappRegistry(),
      messages: fixtureMessages(),
    });
  });
  afterAll(async () => served?.close());

  const say = (body: Record<string, string>) =>
    served.runtime.app.request('/bot/console/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('stores and answers a text, button id and message id holding a NUL byte or a lone surrogate', async () => {
    const phone = nextPhone();
    expect((await say({ from: phone, text: 'hi' })).status).toBe(200);
    expect((await say({ from: phone, text: `hel${NUL}lo ${LONE_HIGH}🌱`, id: `c1${NUL}` })).status).toBe(200);
    expect((await say({ from: phone, buttonId: `topic:1${LONE_HIGH}` })).status).toBe(200);
    const replies = () => served.runtime.channel.messagesTo(phone).map((m) => m.message.text);
    await vi.waitFor(
      () => expect(replies()).toEqual([WELCOME, 'You said: hello 🌱', 'You said: topic:1']),
      soon,
    );
    expect((await inboxOf(served.database, phone)).map((row) => row.message)).toEqual([
      text('hi'),
      text('hello 🌱'),
      { kind: 'button', id: 'topic:1' },
    ]);
  });
});
