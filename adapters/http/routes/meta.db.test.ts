import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../engine/engine.js';
import type { Inbound } from '../../../engine/events.js';
import type { StatusReport } from '../../../db/repositories/delivery.js';
import { FakeMeta } from '../../../tests/harness/fake-meta.js';
import type { AppEnv } from '../env.js';
import { errorHandler } from '../errors.js';
import { capturingLogger } from '../../../tests/harness/http-app.js';
import { MemoryCache } from '../../cache/memory.js';
import { createPhoneRateLimiter } from '../../cache/rate-limit.js';
import { META_MAX_BODY_BYTES, metaRoutes } from './meta.js';

const meta = new FakeMeta({ appSecret: 'app-secret', webhookUrl: 'http://localhost/webhooks/meta' });
const received: Inbound[] = [];
const setAside: Inbound[] = [];
const statuses: StatusReport[] = [];
const engine = {
  receive: async (event: Inbound) => void received.push(event),
  receiveWithoutTurn: async (event: Inbound) => void setAside.push(event),
} as unknown as Engine;
const LIMIT = 2;
const limiter = createPhoneRateLimiter(new MemoryCache(), {
  points: LIMIT,
  windowSeconds: 60,
  keyPrefix: 'meta-test',
});
const log = capturingLogger();

/** The routes on a bare app with the app's JSON errors: no database, the engine and status store are stubs. */
const app = new Hono<AppEnv>()
  .route(
    '/webhooks/meta',
    metaRoutes({
      engine,
      appSecret: meta.appSecret,
      verifyToken: 'verify-me',
      onStatus: async (report) => void statuses.push(report),
      limiter,
      logger: log.logger,
    }),
  )
  .onError(errorHandler({ config: { env: 'test' }, logger: log.logger }));

describe('the Meta webhook routes', () => {
  const post = (raw: string, signature = meta.signature(raw)) =>
    app.request('/webhooks/meta', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body: raw,
    });

  it('echoes the challenge as text for the right verify token, and refuses anything else', async () => {
    const verify = (query: string) => app.request(`/webhooks/meta?${query}`);
    const ok = await verify('hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('1158201444');
    for (const query of [
      'hub.mode=subscribe&hub.verify_token=verify-you&hub.challenge=1',
      'hub.mode=subscribe&hub.verify_token=verify-mee&hub.challenge=1',
      'hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1',
      'hub.mode=subscribe&hub.challenge=1',
      'hub.mode=subscribe&hub.verify_token=verify-me',
    ]) {
      const refused = await verify(query);
      expect(refused.status, query).toBe(403);
      expect((await refused.json()).error.message).toMatch(/META_VERIFY_TOKEN/);
    }
  });

  it('checks the signature over the exact bytes Meta sent, and stores nothing when it does not match', async () => {
    received.length = 0;
    const { value } = meta.messageValue('+254712345678', { text: 'Habari 🌱' });
    const raw = JSON.stringify(meta.envelope(value), null, 2);
    const reserialized = meta.signature(JSON.stringify(JSON.parse(raw)));
    expect((await post(raw, reserialized)).status).toBe(403);
    expect((await post(raw, meta.signature(raw, 'another-app-secret'))).status).toBe(403);
    const wrong = await post(raw, meta.signature(raw, 'another-app-secret'));
    expect((await wrong.json()).error.message).toMatch(/X-Hub-Signature-256 does not match.*META_APP_SECRET/);
    const sha1 = await post(raw, meta.signature(raw).replace('sha256=', 'sha1='));
    expect(sha1.status).toBe(403);
    expect((await sha1.json()).error.message).toMatch(/X-Hub-Signature-256 is malformed: expected 'sha256='/);
    const unsigned = await app.request('/webhooks/meta', { method: 'POST', body: raw });
    expect(unsigned.status).toBe(403);
    expect((await unsigned.json()).error.message).toBe(
      'X-Hub-Signature-256 is missing: only signed webhooks are accepted',
    );
    expect(received).toEqual([]);

    const signed = await post(raw);
    expect(signed.status).toBe(200);
    expect(received.map((e) => e.type === 'message' && e.message)).toEqual([
      { kind: 'text', text: 'Habari 🌱' },
    ]);
  });

  it('refuses a signature header that is missing or malformed before reading the body', async () => {
    // A body that would fail if it were read: the header alone decides.
    const unreadable = new ReadableStream({
      pull: () => {
        throw new Error('the body was read');
      },
    });
    for (const signature of [undefined, 'sha256=zz', `sha256=${'0'.repeat(63)}`]) {
      const response = await app.request('/webhooks/meta', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'x-hub-signature-256': signature } : {}),
        },
        body: unreadable,
        duplex: 'half',
      } as RequestInit);
      expect(response.status, signature).toBe(403);
      expect((await response.json()).error.code).toBe('forbidden');
    }
  });

  it('answers a body over 1 MiB with 413 without checking its signature', async () => {
    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [],
      pad: 'x'.repeat(META_MAX_BODY_BYTES),
    });
    const response = await post(raw);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatchObject({
      code: 'payload_too_large',
      message: `request body is larger than ${META_MAX_BODY_BYTES} bytes`,
    });
  });

  it('answers malformed JSON and a body that is not a WhatsApp webhook with 400 naming the field', async () => {
    const notJson = await post('{"object": ');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatchObject({ code: 'invalid_json' });
    const page = await post(JSON.stringify({ object: 'page', entry: [] }));
    expect(page.status).toBe(400);
    expect((await page.json()).error).toMatchObject({
      code: 'validation_failed',
      details: [{ field: '/object', reason: 'must be "whatsapp_business_account"' }],
    });
  });

  it('stores the good messages of a batch with a malformed one, and logs the bad one at warn', async () => {
    received.length = 0;
    const good = meta.messageValue('+254712345678', { text: 'hi' });
    const bad = meta.messageValue('+254712345679', { text: 'hi' });
    bad.value.messages[0].from = 'amina';
    const response = await post(JSON.stringify(meta.envelope(bad.value, good.value)));
    expect(response.status).toBe(200);
    expect(received.map((e) => e.type === 'message' && e.providerId)).toEqual([good.id]);
    expect(log.lines().find((line) => line.msg === 'Meta webhook item left out: malformed')).toMatchObject({
      level: 40,
      field: 'entry/0/changes/0/value/messages/0/from',
      reason: 'must be a WhatsApp id: the phone number in digits',
    });
  });

  it('accepts a message with only a BSUID (a username learner), from the BSUID, and skips one with neither', async () => {
    received.length = 0;
    const bsuidOnly = meta.messageValue('KE.1502576394655843', { text: 'hi' }, { username: 'amina.k' });
    const nobody = meta.messageValue('KE.99', { text: 'hi' });
    delete nobody.value.messages[0].from_user_id;
    delete nobody.value.contacts[0].user_id;
    const response = await post(JSON.stringify(meta.envelope(bsuidOnly.value, nobody.value)));
    expect(response.status).toBe(200);
    expect(received.map((e) => e.type === 'message' && [e.providerId, e.from])).toEqual([
      [bsuidOnly.id, 'KE.1502576394655843'],
    ]);
    expect(log.lines().at(-1)).toMatchObject({
      level: 40,
      field: 'entry/0/changes/1/value/messages/0/from_user_id',
      reason: 'is required without from: the sender needs a phone number or a BSUID',
    });
  });

  it('stores messages over RATE_LIMIT_PER_PHONE without a turn, answering 200, and warns once', async () => {
    received.length = 0;
    setAside.length = 0;
    const phone = '+254700000099';
    const batch = Array.from({ length: LIMIT + 2 }, (_, i) => meta.messageValue(phone, { text: `m${i}` }));
    const response = await post(JSON.stringify(meta.envelope(...batch.map((m) => m.value))));
    expect(response.status).toBe(200);
    expect(received.map((e) => e.type === 'message' && e.providerId)).toEqual(
      batch.slice(0, LIMIT).map((m) => m.id),
    );
    expect(setAside.map((e) => e.type === 'message' && e.providerId)).toEqual(
      batch.slice(LIMIT).map((m) => m.id),
    );
    const warnings = log.lines().filter((line) => String(line.msg).includes('RATE_LIMIT_PER_PHONE'));
    expect(warnings).toEqual([
      expect.objectContaining({ level: 40, channel: 'meta', providerId: batch[LIMIT]!.id, limit: LIMIT }),
    ]);
  });

  it('stores every message of one POST in order, records every status, and logs Meta’s error code', async () => {
    received.length = 0;
    statuses.length = 0;
    const first = meta.messageValue('+254700000001', { text: 'one' });
    const second = meta.messageValue('+254700000002', { button: '07:30', title: 'Morning 07:30' });
    const read = meta.statusValue({ id: 'wamid.a', to: '254700000001' }, 'read');
    const failed = meta.statusValue({ id: 'wamid.b', to: '254700000002' }, 'failed', 131047);
    const response = await post(JSON.stringify(meta.envelope(first.value, read, second.value, failed)));
    expect(response.status).toBe(200);
    expect(received.map((e) => e.type === 'message' && e.providerId)).toEqual([first.id, second.id]);
    expect(statuses.map((s) => [s.providerId, s.status, s.errorCode])).toEqual([
      ['wamid.a', 'read', undefined],
      ['wamid.b', 'failed', '63016'],
    ]);
    expect(log.lines().find((line) => line.msg === 'Meta reported a delivery error')).toMatchObject({
      providerId: 'wamid.b',
      errorCode: '63016',
      metaError: { code: 131047, title: 'Re-engagement message' },
    });
  });
});
