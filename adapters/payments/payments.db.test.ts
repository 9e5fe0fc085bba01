import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  paymentAlerts,
  paymentAttempts,
  paymentHistory,
  paymentLedger,
  paymentOrders,
  subscriptions,
} from '../../db/schema/index.js';
import { forEachDatabase, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { paymentRig, type PaymentRig } from '../../tests/harness/payments.js';
import { darajaTimestamp, stkPassword } from './daraja.js';

forEachDatabase((driver) => {
  describe(`M-PESA payments through the fake Daraja on ${driver}`, () => {
    let database: TestDatabase;
    let rig: PaymentRig;
    let requests = 0;

    beforeAll(async () => {
      database = await testDatabase(driver);
      rig = await paymentRig(database);
    });
    afterAll(async () => {
      await rig?.stop();
      await database?.cleanup();
    });

    const rows = async (table: typeof paymentLedger | typeof paymentAlerts | typeof paymentHistory) =>
      (await database.db.select({ n: count() }).from(table))[0]!.n;
    const attemptOf = async (orderId: string) =>
      (await database.db.select().from(paymentAttempts).where(eq(paymentAttempts.orderId, orderId)))[0]!;

    /** A learner who asked to buy a week of premium and has the M-PESA prompt on their phone. */
    async function prompted(planId = 'premium-week') {
      const learner = await rig.learner();
      await rig.call(learner.id, 'payment.request', {
        requestId: `r${++requests}`,
        planId,
        phone: learner.phone,
      });
      const [event] = rig.payments(learner.id);
      expect(event).toMatchObject({ status: 'prompted', planId, simulated: false });
      const push = rig.fake.lastPush();
      return { ...learner, orderId: event!.orderId as string, checkout: push.checkoutRequestId, push };
    }

    it('pushes the prompt with the password Daraja checks, then confirms on the callback with access for a week', async () => {
      const buyer = await prompted();
      expect(buyer.push.body).toMatchObject({
        BusinessShortCode: '174379',
        TransactionType: 'CustomerPayBillOnline',
        Amount: 50,
        PartyA: buyer.phone.slice(1),
        PhoneNumber: buyer.phone.slice(1),
        Timestamp: darajaTimestamp(rig.clock.now()),
        Password: stkPassword('174379', rig.fake.options.passkey, darajaTimestamp(rig.clock.now())),
      });
      // 07:00 UTC is 10:00 in Nairobi.
      expect(buyer.push.body.Timestamp).toBe('20260302100000');
      const answer = await rig.callback(
        rig.fake.callbackBody(buyer.checkout, { resultCode: 0, receipt: 'TLK1A2B3C4' }),
      );
      expect(answer).toEqual({ status: 200, body: '{"ResultCode":0,"ResultDesc":"Accepted"}' });
      expect(rig.payments(buyer.id)[1]).toEqual({
        orderId: buyer.orderId,
        planId: 'premium-week',
        status: 'confirmed',
        receipt: 'TLK1A2B3C4',
        amount: 50,
        courses: 'premium',
        accessUntil: '2026-03-09T07:00:00.000Z',
        simulated: false,
      });
      const [order] = await database.db
        .select()
        .from(paymentOrders)
        .where(eq(paymentOrders.id, buyer.orderId));
      expect(order!.status).toBe('paid');
      const ledger = await database.db
        .select()
        .from(paymentLedger)
        .where(eq(paymentLedger.orderId, buyer.orderId));
      expect(ledger).toMatchObject([{ kind: 'payment', amount: 50, receipt: 'TLK1A2B3C4' }]);
    });

    it('the same callback delivered 5 times: one payment, one ledger entry, one learner event', async () => {
      const buyer = await prompted();
      const body = rig.fake.callbackBody(buyer.checkout, { resultCode: 0, receipt: 'TLK5TIMES1' });
      for (let i = 0; i < 5; i++) expect((await rig.callback(body)).status).toBe(200);
      expect(rig.payments(buyer.id).map((e) => e.status)).toEqual(['prompted', 'confirmed']);
      const ledger = await database.db
        .select()
        .from(paymentLedger)
        .where(eq(paymentLedger.orderId, buyer.orderId));
      expect(ledger).toHaveLength(1);
      const subs = await database.db
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.orderId, buyer.orderId));
      expect(subs).toHaveLength(1);
    });

    it('with the callback dropped, the STK query settles it within 2 minutes; a late callback changes nothing', async () => {
      const buyer = await prompted();
      rig.fake.complete(buyer.checkout, { resultCode: 0 });
      await rig.advance(89_000);
      expect(rig.payments(buyer.id)).toHaveLength(1);
      await rig.advance(31_000);
      expect(rig.payments(buyer.id)[1]).toMatchObject({ status: 'confirmed', amount: 50, receipt: null });
      expect((await attemptOf(buyer.orderId)).settledBy).toBe('query');

      const late = await rig.callback(
        rig.fake.callbackBody(buyer.checkout, { resultCode: 0, receipt: 'TLKLATE001' }),
      );
      expect(late.status).toBe(200);
      expect(rig.payments(buyer.id)).toHaveLength(2);
      const attempt = await attemptOf(buyer.orderId);
      expect(attempt).toMatchObject({ status: 'confirmed', settledBy: 'query', receipt: null });
      const ledger = await database.db
        .select()
        .from(paymentLedger)
        .where(eq(paymentLedger.orderId, buyer.orderId));
      expect(ledger).toHaveLength(1);
      const history = await database.db
        .select()
        .from(paymentHistory)
        .where(eq(paymentHistory.subjectId, attempt.id));
      expect(history.at(-1)).toMatchObject({
        source: 'callback',
        detail: { ignored: 'already settled', receipt: 'TLKLATE001' },
      });
    });

    it('a query that cannot tell yet ("being processed") keeps the attempt open and asks again with backoff', async () => {
      const buyer = await prompted();
      await rig.advance(90_000);
      expect((await attemptOf(buyer.orderId)).status).toBe('prompted');
      await rig.advance(30_000);
      await rig.advance(60_000);
      expect((await attemptOf(buyer.orderId)).checks).toBe(3);
      rig.fake.complete(buyer.checkout, { resultCode: 1032 });
      await rig.advance(120_000);
      expect(rig.payments(buyer.id)[1]).toMatchObject({ status: 'cancelled', resultCode: 1032 });
    });

    it('a wrong amount is recorded and reported, and gives no access', async () => {
      const buyer = await prompted();
      const alertsBefore = await rows(paymentAlerts);
      await rig.callback(
        rig.fake.callbackBody(buyer.checkout, { resultCode: 0, amount: 5, receipt: 'TLKWRONG01' }),
      );
      expect(rig.payments(buyer.id)[1]).toMatchObject({ status: 'failed', resultCode: 0 });
      expect(await rows(paymentAlerts)).toBe(alertsBefore + 1);
      const [alert] = await database.db
        .select()
        .from(paymentAlerts)
        .where(eq(paymentAlerts.orderId, buyer.orderId));
      expect(alert).toMatchObject({
        kind: 'amountMismatch',
        detail: { mismatch: 'paid 5 KES for an order of 50 KES' },
      });
      const ledger = await database.db
        .select()
        .from(paymentLedger)
        .where(eq(paymentLedger.orderId, buyer.orderId));
      expect(ledger).toMatchObject([{ kind: 'unmatched', amount: 5 }]);
      expect(
        await database.db.select().from(subscriptions).where(eq(subscriptions.orderId, buyer.orderId)),
      ).toEqual([]);
    });

    it('a wrong secret is the ordinary 404 and records nothing', async () => {
      const buyer = await prompted();
      const before = [await rows(paymentHistory), await rows(paymentAlerts)];
      const answer = await rig.callback(
        rig.fake.callbackBody(buyer.checkout, { resultCode: 0 }),
        'guessed-secret-123456',
      );
      expect(answer.status).toBe(404);
      // Exactly what a path that does not exist answers: nothing says a callback route is here.
      expect(JSON.parse(answer.body!)).toMatchObject({
        error: { code: 'not_found', message: 'no route for POST /webhooks/mpesa/guessed-secret-123456' },
      });
      expect([await rows(paymentHistory), await rows(paymentAlerts)]).toEqual(before);
      expect(rig.payments(buyer.id)).toHaveLength(1);
    });

    it('a malformed callback is refused with the precise problem (never 500) and reported', async () => {
      for (const [body, problem] of [
        ['{not json', 'the body is not JSON'],
        [{ Body: {} }, 'Body.stkCallback is missing'],
        [
          { Body: { stkCallback: { CheckoutRequestID: 'ws_CO_1', ResultCode: 'x' } } },
          'Body.stkCallback.ResultCode must be a whole number',
        ],
        [
          { Body: { stkCallback: { CheckoutRequestID: 'ws_CO_1', ResultCode: 0 } } },
          'Body.stkCallback.CallbackMetadata has no MpesaReceiptNumber for a successful payment',
        ],
      ] as const) {
        const answer = await rig.callback(body);
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body!)).toEqual({ ResultCode: 1, ResultDesc: `Rejected: ${problem}` });
      }
    });

    it.each([
      [1032, 'cancelled'],
      [1, 'insufficientFunds'],
      [2001, 'wrongPin'],
      [17, 'failed'],
    ])('result code %i tells the learner %s and fails the order', async (resultCode, status) => {
      const buyer = await prompted();
      await rig.callback(rig.fake.callbackBody(buyer.checkout, { resultCode }));
      expect(rig.payments(buyer.id)[1]).toEqual({
        orderId: buyer.orderId,
        planId: 'premium-week',
        status,
        resultCode,
        simulated: false,
      });
      const [order] = await database.db
        .select()
        .from(paymentOrders)
        .where(eq(paymentOrders.id, buyer.orderId));
      expect(order!.status).toBe('failed');
    });

    it('1037 in the callback stays unknown, never failed, until the query says: then success', async () => {
      const buyer = await prompted();
      await rig.callback(rig.fake.callbackBody(buyer.checkout, { resultCode: 1037 }));
      expect(rig.payments(buyer.id)).toHaveLength(1);
      expect((await attemptOf(buyer.orderId)).status).toBe('unknown');
      rig.fake.complete(buyer.checkout, { resultCode: 0 });
      await rig.advance(30_000);
      expect(rig.payments(buyer.id)[1]).toMatchObject({ status: 'confirmed' });
    });

    it('1037 then a query that also says 1037 (it did not go through): timed out', async () => {
      const buyer = await prompted();
      await rig.callback(rig.fake.callbackBody(buyer.checkout, { resultCode: 1037 }));
      await rig.advance(30_000);
      expect(rig.payments(buyer.id)[1]).toMatchObject({ status: 'timedOut', resultCode: 1037 });
    });

    it('a token that expires mid-run is replaced: on a 401, and when its hour is up', async () => {
      const buyer = await prompted();
      const oauth = rig.fake.calls.oauth;
      rig.fake.expireTokens();
      rig.fake.complete(buyer.checkout, { resultCode: 0 });
      await rig.advance(90_000);
      expect(rig.payments(buyer.id)[1]).toMatchObject({ status: 'confirmed' });
      expect(rig.fake.calls.oauth).toBe(oauth + 1);
      rig.clock.advance(3600_000);
      await prompted();
      expect(rig.fake.calls.oauth).toBe(oauth + 2);
    });

    it('one pending order per learner: a second purchase hears alreadyPending; the same request twice pushes once', async () => {
      const buyer = await prompted();
      const pushes = rig.fake.calls.push;
      await rig.call(buyer.id, 'payment.request', {
        requestId: `r${requests}`,
        planId: 'premium-week',
        phone: buyer.phone,
      });
      expect(rig.fake.calls.push).toBe(pushes);
      expect(rig.payments(buyer.id)).toHaveLength(1);
      await rig.call(buyer.id, 'payment.request', {
        requestId: 'another',
        planId: 'money-course',
        phone: buyer.phone,
      });
      expect(rig.payments(buyer.id)[1]).toEqual({
        orderId: buyer.orderId,
        planId: 'money-course',
        status: 'alreadyPending',
        simulated: false,
      });
      expect(rig.fake.calls.push).toBe(pushes);
    });

    it('a push Daraja refuses tells the learner unavailable and frees them to try again', async () => {
      const learner = await rig.learner();
      rig.fake.failNext('push', {
        status: 400,
        body: { errorCode: '400.002.02', errorMessage: 'Bad Request - Invalid PhoneNumber' },
      });
      await rig.call(learner.id, 'payment.request', {
        requestId: 'u1',
        planId: 'premium-week',
        phone: learner.phone,
      });
      expect(rig.payments(learner.id)[0]).toMatchObject({ status: 'unavailable' });
      rig.fake.failNext('push', { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
      await rig.call(learner.id, 'payment.request', {
        requestId: 'u2',
        planId: 'premium-week',
        phone: learner.phone,
      });
      expect(rig.payments(learner.id)[1]).toMatchObject({ status: 'unavailable' });
      rig.fake.failNext('push', { status: 503 });
      await rig.call(learner.id, 'payment.request', {
        requestId: 'u3',
        planId: 'premium-week',
        phone: learner.phone,
      });
      expect(rig.payments(learner.id)[2]).toMatchObject({ status: 'prompted' });
    });

    it('BILLING: the history newest first, and a support request opened once', async () => {
      const buyer = await prompted();
      await rig.callback(rig.fake.callbackBody(buyer.checkout, { resultCode: 0, receipt: 'TLKHIST001' }));
      rig.clock.advance(60_000);
      await rig.call(buyer.id, 'payment.request', {
        requestId: 'h2',
        planId: 'money-course',
        phone: buyer.phone,
      });
      await rig.callback(rig.fake.callbackBody(rig.fake.lastPush().checkoutRequestId, { resultCode: 1032 }));
      await rig.call(buyer.id, 'payment.history', {});
      const history = rig.events.filter((e) => e.userId === buyer.id && e.name === 'paymentHistory');
      const at = (ms: number) => new Date(rig.clock.now().getTime() - ms).toISOString();
      expect(history[0]!.data).toEqual({
        payments: [
          { at: at(0), planId: 'money-course', amount: 200, status: 'failed', reason: 'cancelled' },
          { at: at(60_000), planId: 'premium-week', amount: 50, status: 'confirmed', receipt: 'TLKHIST001' },
        ],
      });
      await rig.call(buyer.id, 'payment.support', { text: 'I paid twice' });
      await rig.call(buyer.id, 'payment.support', { text: 'I paid twice' });
      const support = rig.events.filter((e) => e.userId === buyer.id && e.name === 'paymentSupport');
      expect(support).toHaveLength(1);
      expect(support[0]!.data).toEqual({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    });
  });
});
