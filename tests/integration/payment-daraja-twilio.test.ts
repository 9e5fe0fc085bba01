import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { paymentAttempts, paymentLedger, paymentOrders, users } from '../../db/schema/index.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { darajaConfig, twilioChannelConfig } from '../harness/channel-config.js';
import { configuredDriver } from '../harness/db.js';
import { FakeDaraja } from '../harness/fake-daraja.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';

const soon = { timeout: 20_000, interval: 50 };
const SECRET = 'e2e-callback-secret-5d1f0b9a';

/**
 * Issue 12's promise on the path a learner uses: signed Twilio webhooks in, the real flows, the
 * real Daraja client against a fake Daraja on loopback, callbacks posted to /webhooks/mpesa/:secret
 * as M-PESA posts them, and the replies out through the outbox to the fake Twilio.
 */
describe(`buying a premium course with M-PESA through Twilio and Daraja (${configuredDriver()})`, () => {
  let twilio: FakeTwilio;
  let daraja: FakeDaraja;
  let served: ServedRuntime;

  beforeAll(async () => {
    twilio = await new FakeTwilio().start();
    daraja = await new FakeDaraja().start();
    served = await serveTestRuntime(() => ({
      ...twilioChannelConfig(twilio),
      ...darajaConfig(daraja, SECRET),
    }));
  });
  afterAll(async () => {
    await served?.close();
    await twilio?.stop();
    await daraja?.stop();
  });

  /** Every text the learner's phone showed: bodies, and the bodies and titles of quick replies and lists. */
  const seen = (phone: string) =>
    twilio.sentTo(phone).flatMap((message) => {
      const types = message.contentSid ? twilio.contents.get(message.contentSid)?.types : undefined;
      const quick = types?.['twilio/quick-reply'];
      const list = types?.['twilio/list-picker'];
      return [message.body ?? '', quick?.body ?? '', list?.body ?? ''].filter(Boolean);
    });
  const says = async (phone: string, text: string | { button: string; title: string }, expected: RegExp) => {
    const before = seen(phone).length;
    const content = typeof text === 'string' ? { text } : text;
    expect(
      (await twilio.post(`${served.base}/webhooks/twilio`, twilio.inboundParams(phone, content))).status,
    ).toBe(200);
    await vi.waitFor(() => expect(seen(phone).slice(before).join('\n')).toMatch(expected), soon);
  };
  const callback = (checkout: string, amount: number) =>
    fetch(`${served.base}/webhooks/mpesa/${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(daraja.callbackBody(checkout, { resultCode: 0, amount, receipt: 'QKL4AB12CD' })),
    });
  const rowsOf = async (phone: string) => {
    const db = served.database.db;
    const [learner] = await db.select().from(users).where(eq(users.phone, phone));
    const orders = await db.select().from(paymentOrders).where(eq(paymentOrders.userId, learner!.id));
    const ledger = await db.select().from(paymentLedger).where(eq(paymentLedger.userId, learner!.id));
    return { orders, ledger };
  };

  /** Onboarding into the premium course, to the M-PESA prompt for the one-off plan (KES 100). */
  async function buysTheBusinessCourse(phone: string) {
    await says(phone, 'hi', /What should I call you\?/);
    await says(phone, 'Amina', /Which language/);
    await says(phone, 'English', /Which course/);
    await says(phone, '3', /What time of day/);
    await says(phone, '07:30', /time zone|time, where/);
    await says(phone, 'Nairobi', /premium course/);
    await says(phone, 'Business course', /Is that the number that pays\?/);
    await says(
      phone,
      { button: 'usePhone', title: 'Yes, this number' },
      /Check your phone for the M-PESA prompt/,
    );
    const push = daraja.lastPush();
    expect([String(push.body.Amount), String(push.body.PhoneNumber), push.body.TransactionType]).toEqual([
      '100',
      phone.slice(1),
      'CustomerPayBillOnline',
    ]);
    expect(String(push.body.CallBackURL)).toBe(`${served.base}/webhooks/mpesa/${SECRET}`);
    return push.checkoutRequestId;
  }

  it('the same callback delivered 5 times: access once, one payment, and lesson 1 of the course at once', async () => {
    const phone = '+254712000501';
    twilio.opened(phone);
    const checkout = await buysTheBusinessCourse(phone);
    for (let i = 0; i < 5; i++) {
      const answer = await callback(checkout, 100);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
    }
    await vi.waitFor(
      () => expect(seen(phone).join('\n')).toMatch(/Lesson 1 of 3 in \*Growing a small business\*/),
      soon,
    );
    await vi.waitFor(async () => expect((await rowsOf(phone)).ledger).toHaveLength(1), soon);
    const { orders, ledger } = await rowsOf(phone);
    expect(orders.map((o) => o.status)).toEqual(['paid']);
    expect(ledger[0]).toMatchObject({ kind: 'payment', amount: 100 });
    const all = seen(phone).join('\n');
    expect(all.match(/Payment received/g)).toHaveLength(1);
    expect(all.match(/Lesson 1 of 3/g)).toHaveLength(1);
    expect(all).toContain('QKL4AB12CD');
  });

  it('with the callback dropped, the STK query settles it when its job comes due', async () => {
    const phone = '+254712000502';
    twilio.opened(phone);
    const checkout = await buysTheBusinessCourse(phone);
    daraja.complete(checkout, { resultCode: 0, amount: 100, receipt: 'QKL4AB99ZZ' });
    const [attempt] = await served.database.db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.checkoutRequestId, checkout));
    // About 90 s after the prompt (DESIGN; the simulated-clock timing is in payments.db.test.ts):
    // the job pg-boss would run then asks Daraja, and that settles the payment.
    expect(attempt!.nextCheckAt!.getTime() - attempt!.createdAt.getTime()).toBeLessThanOrEqual(120_000);
    await served.runtime.payments.check(attempt!.id);
    await vi.waitFor(
      () => expect(seen(phone).join('\n')).toMatch(/Lesson 1 of 3 in \*Growing a small business\*/),
      soon,
    );
    expect(daraja.calls.query).toBeGreaterThanOrEqual(1);
    const { orders, ledger } = await rowsOf(phone);
    expect(orders.map((o) => o.status)).toEqual(['paid']);
    expect(ledger).toHaveLength(1);
  });
});
