import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/rows.js';
import { paymentAttempts, paymentOrders } from '../../../db/schema/index.js';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';
import { auditPaymentBooks } from '../../../db/repositories/payments-audit.js';
import { writePaymentHistory } from '../../../tests/harness/payment-history.js';
import { paymentRig, type PaymentRig } from '../../../tests/harness/payments.js';
import { paymentRefunds, type PaymentRefunds } from '../../payments/refunds.js';
import { simulatedMpesa } from '../../payments/simulated.js';

const ORDERS = 10_000;
/** Orders made through the services and the callback route; the rest are written in bulk (payment-history.ts says why). */
const THROUGH_SERVICES = 200;

/** Daraja's callback for an attempt, as M-PESA would post it. */
function callbackFor(
  checkout: string,
  resultCode: number,
  paid?: { amount: number; receipt: string; phone: string },
) {
  return {
    Body: {
      stkCallback: {
        MerchantRequestID: `m-${checkout}`,
        CheckoutRequestID: checkout,
        ResultCode: resultCode,
        ResultDesc: `result ${resultCode}`,
        ...(paid
          ? {
              CallbackMetadata: {
                Item: [
                  { Name: 'Amount', Value: paid.amount },
                  { Name: 'MpesaReceiptNumber', Value: paid.receipt },
                  { Name: 'TransactionDate', Value: 20260302100000 },
                  { Name: 'PhoneNumber', Value: Number(paid.phone.slice(1)) },
                ],
              },
            }
          : {}),
      },
    },
  };
}

forEachDatabase((driver) => {
  describe(`GET /admin/api/payments on ${driver}`, () => {
    let test: TestApp;
    let rig: PaymentRig;
    let refunds: PaymentRefunds;
    let auth: Record<string, string>;
    const expected = { paid: 0, refunded: 0, outcomes: {} as Record<string, number> };

    beforeAll(async () => {
      test = await createTestApp({ driver });
      rig = await paymentRig(test.database, { gateway: simulatedMpesa() });
      refunds = paymentRefunds({ db: test.database.db, gateway: simulatedMpesa(), clock: rig.clock });
      auth = await test.authHeader();
    }, 60_000);
    afterAll(async () => {
      await rig?.stop();
      await test?.cleanup();
    });

    const get = async (path: string) => {
      const response = await test.app.request(path, { headers: auth });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it(`the ledger balances for ${ORDERS} orders with every outcome: confirmed − refunds = revenue in stats`, async () => {
      const db = test.database.db;
      // Learners in bulk: the orders are what is under test.
      await db.execute(
        sql`insert into users (phone) select '+2547' || lpad(g::text, 8, '0') from generate_series(1, ${THROUGH_SERVICES}) g`,
      );
      const learners = rowsOf<{ id: string; phone: string }>(
        await db.execute(sql`select id, phone from users where phone like '+2547%' order by phone`),
      );
      let receipt = 0;
      for (const [i, learner] of learners.entries()) {
        const kind = i % 20;
        const planId = i % 3 === 0 ? 'money-course' : 'premium-week';
        const price = planId === 'money-course' ? 200 : 50;
        if (i % 50 === 7) rig.clock.advance(3_600_000); // orders spread over about a week
        await rig.call(learner.id, 'payment.request', { requestId: `o${i}`, planId, phone: learner.phone });
        const [attempt] = await db
          .select()
          .from(paymentAttempts)
          .innerJoin(paymentOrders, eq(paymentOrders.id, paymentAttempts.orderId))
          .where(eq(paymentOrders.requestId, `o${i}`));
        const checkout = attempt!.payment_attempts.checkoutRequestId!;
        const paid = {
          amount: price,
          receipt: `TLK${String(++receipt).padStart(7, '0')}`,
          phone: learner.phone,
        };
        const settle = (code: number, money?: typeof paid) =>
          rig.callback(callbackFor(checkout, code, money));
        if (kind <= 7) await settle(0, paid);
        else if (kind === 8) await settle(1032);
        else if (kind === 9) await settle(1);
        else if (kind === 10) await settle(2001);
        else if (kind === 11) await settle(17);
        else if (kind === 12)
          await settle(0, { ...paid, amount: price - 1 }); // wrong amount: held
        else if (kind === 13)
          await settle(1037); // unknown: the query settles it later
        else if (kind === 14)
          continue; // no callback at all: still pending
        else if (kind === 15) {
          await settle(0, paid);
          await settle(0, paid); // a duplicate
        } else {
          await settle(0, paid);
          const amount = kind === 16 ? undefined : kind === 17 ? 20 : 10;
          const refund = await refunds.refund({
            orderId: attempt!.payment_orders.id,
            ...(amount ? { amount } : {}),
            reason: 'test',
            requestedBy: 'test',
          });
          expect(refund.ok).toBe(true);
          // Never more than was paid: asking for everything again is refused.
          if (kind === 16)
            expect(
              await refunds.refund({
                orderId: attempt!.payment_orders.id,
                reason: 'again',
                requestedBy: 'test',
              }),
            ).toEqual({
              ok: false,
              problem: 'at most 0 KES of this order can still be refunded',
            });
          expected.refunded += amount ?? price;
        }
        if (kind <= 7 || kind >= 15) expected.paid += price;
      }
      // The 1037s, and those with no callback, are asked again: the simulated M-PESA says they paid.
      await rig.advance(60_000);
      const bulk = await writePaymentHistory(db, ORDERS - THROUGH_SERVICES, new Date('2026-02-01T00:00:00Z'));
      expected.paid += bulk.paid;
      expected.refunded += bulk.refunded;
      const confirmedByQuery = rowsOf<{ total: string | number }>(
        await db.execute(
          sql`select coalesce(sum(amount), 0) as total from payment_attempts where status = 'confirmed' and settled_by = 'simulated'`,
        ),
      );
      expected.paid += Number(confirmedByQuery[0]!.total);

      const [books] = rowsOf<Record<string, string | number>>(
        await db.execute(sql`select
          (select coalesce(sum(amount), 0) from payment_attempts where status = 'confirmed') as confirmed,
          (select coalesce(sum(amount), 0) from payment_refunds where status = 'completed') as refunds,
          (select count(*) from payment_ledger where kind = 'payment') as ledger_payments,
          (select count(*) from payment_attempts where status = 'confirmed') as confirmed_attempts,
          (select count(distinct status) from payment_attempts) as statuses`),
      );
      const stats = await get('/admin/api/payments/stats');
      expect(stats.status).toBe(200);
      expect(Number(books!.confirmed)).toBe(expected.paid);
      expect(Number(books!.refunds)).toBe(expected.refunded);
      expect(stats.body.revenue).toBe(Number(books!.confirmed) - Number(books!.refunds));
      expect(stats.body.paid).toBe(expected.paid);
      expect(stats.body.refunded).toBe(expected.refunded);
      expect(Number(books!.ledger_payments)).toBe(Number(books!.confirmed_attempts));
      // confirmed, failed, mismatch, prompted (pending), unresolved, unavailable.
      expect(Number(books!.statuses)).toBe(6);
      expect(await auditPaymentBooks(db)).toEqual([]);
      const byPlan = stats.body.byPlan as { planId: string; revenue: number }[];
      expect(byPlan.reduce((n, p) => n + p.revenue, 0)).toBe(stats.body.revenue);
      const byDay = stats.body.byDay as { day: string; revenue: number }[];
      expect(new Set(byDay.map((d) => d.day)).size).toBeGreaterThan(5);
      expect(stats.body.failureReasons).toEqual(
        expect.arrayContaining([
          { reason: 'cancelled', resultCode: 1032, count: ORDERS / 20 },
          { reason: 'insufficientFunds', resultCode: 1, count: ORDERS / 20 },
          { reason: 'wrongPin', resultCode: 2001, count: ORDERS / 20 },
          { reason: 'failed', resultCode: 17, count: ORDERS / 20 },
          { reason: 'mismatch', resultCode: 0, count: ORDERS / 20 },
        ]),
      );
      // Through the services 15 of every 20 paid, all 20 settled; in bulk 12 of 18 settled (pending and unavailable are not).
      const groups = { services: THROUGH_SERVICES / 20, bulk: (ORDERS - THROUGH_SERVICES) / 20 };
      const rate = (groups.services * 15 + groups.bulk * 12) / (groups.services * 20 + groups.bulk * 18);
      expect(stats.body.successRate).toBe(Math.round(rate * 10_000) / 10_000);
    }, 600_000);

    it('lists orders newest first with their attempt, filtered by status, plan, phone and time', async () => {
      const paid = await get('/admin/api/payments?status=paid&plan=money-course&pageSize=5');
      expect(paid.status).toBe(200);
      const items = paid.body.items as { status: string; planId: string; attempt: { status: string } }[];
      expect(items).toHaveLength(5);
      for (const item of items)
        expect(item).toMatchObject({
          status: 'paid',
          planId: 'money-course',
          attempt: { status: 'confirmed' },
        });
      const one = await get('/admin/api/payments?phone=0700000001');
      expect(one.body).toMatchObject({ total: 1, items: [{ phone: '+254700000001' }] });
      const none = await get('/admin/api/payments?from=2030-01-01');
      expect(none.body).toMatchObject({ total: 0, items: [] });
      const bad = await get('/admin/api/payments?status=lost&phone=abc');
      expect(bad.status).toBe(400);
    });

    it('is for admins only', async () => {
      expect((await test.app.request('/admin/api/payments')).status).toBe(401);
      expect((await test.app.request('/admin/api/payments/stats')).status).toBe(401);
    });
  });
});
