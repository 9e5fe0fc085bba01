import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import {
  paymentAttempts,
  paymentLedger,
  paymentOrders,
  paymentRefunds,
  subscriptions,
} from '../../db/schema/index.js';

/**
 * A payment history written in bulk, row for row what the services write (orders, attempts,
 * ledger, refunds, subscriptions) for every outcome, so the books can be checked at 10,000 orders:
 * through the services an order costs about 40–75 ms on the shared test machine (10,000 would
 * take 7–12 minutes per database). What the services themselves write is tested order by order.
 */

const OUTCOMES = [
  'paid',
  'paid',
  'paid',
  'paid',
  'paid',
  'paid',
  'paid',
  'paid',
  'cancelled',
  'insufficient',
  'wrongPin',
  'failed',
  'mismatch',
  'pending',
  'unresolved',
  'unavailable',
  'refundedFull',
  'refundedPart',
  'refundedPart',
  'paid',
] as const;
const CODES: Record<string, number | null> = {
  paid: 0,
  refundedFull: 0,
  refundedPart: 0,
  mismatch: 0,
  cancelled: 1032,
  insufficient: 1,
  wrongPin: 2001,
  failed: 17,
  unresolved: null,
  pending: null,
  unavailable: null,
};

export async function writePaymentHistory(db: Database, count: number, start: Date, prefix = 'h') {
  await db.execute(
    sql`insert into users (phone) select '+2541' || lpad(g::text, 8, '0') from generate_series(1, ${count}) g`,
  );
  const learners = rowsOf<{ id: string; phone: string }>(
    await db.execute(sql`select id, phone from users where phone like '+2541%' order by phone`),
  );
  const expected = { paid: 0, refunded: 0 };
  for (let from = 0; from < learners.length; from += 500) {
    const orders: (typeof paymentOrders.$inferInsert)[] = [];
    const attempts: (typeof paymentAttempts.$inferInsert)[] = [];
    const ledger: (typeof paymentLedger.$inferInsert)[] = [];
    const refunds: (typeof paymentRefunds.$inferInsert)[] = [];
    const subs: (typeof subscriptions.$inferInsert)[] = [];
    for (const [offset, learner] of learners.slice(from, from + 500).entries()) {
      const i = from + offset;
      const outcome = OUTCOMES[i % OUTCOMES.length]!;
      const at = new Date(start.getTime() + i * 60_000);
      const money =
        i % 3 === 0 ? { planId: 'money-course', amount: 200 } : { planId: 'premium-week', amount: 50 };
      const paid = outcome === 'paid' || outcome.startsWith('refunded');
      const orderId = randomUUID();
      const attemptId = randomUUID();
      const orderStatus =
        outcome === 'pending'
          ? 'pending'
          : outcome === 'refundedFull'
            ? 'refunded'
            : paid
              ? 'paid'
              : outcome === 'mismatch'
                ? 'disputed'
                : 'failed';
      orders.push({
        id: orderId,
        userId: learner.id,
        requestId: `${prefix}${i}`,
        ...{ planId: money.planId, amount: money.amount },
        period: money.planId === 'money-course' ? 'once' : 'week',
        courses: 'premium',
        phone: learner.phone,
        status: orderStatus,
        createdAt: at,
        updatedAt: at,
      });
      const attemptStatus =
        outcome === 'pending'
          ? 'prompted'
          : paid
            ? 'confirmed'
            : ['unresolved', 'unavailable', 'mismatch'].includes(outcome)
              ? outcome
              : 'failed';
      const receipt =
        paid || outcome === 'mismatch' ? `${prefix.toUpperCase()}X${String(i).padStart(8, '0')}` : null;
      attempts.push({
        id: attemptId,
        orderId,
        userId: learner.id,
        amount: money.amount,
        phone: learner.phone,
        simulated: false,
        status: attemptStatus as 'confirmed',
        checkoutRequestId: outcome === 'unavailable' ? null : `ws_CO_${prefix}${i}`,
        receipt,
        resultCode: CODES[outcome],
        settledAt: outcome === 'pending' ? null : at,
        createdAt: at,
        updatedAt: at,
      });
      const base = { orderId, attemptId, userId: learner.id, planId: money.planId, at };
      if (paid) {
        ledger.push({ ...base, kind: 'payment', amount: money.amount, receipt });
        subs.push({ userId: learner.id, orderId, planId: money.planId, courses: 'premium', periodStart: at });
        expected.paid += money.amount;
      }
      if (outcome === 'mismatch')
        ledger.push({ ...base, kind: 'unmatched', amount: money.amount - 1, receipt });
      if (outcome.startsWith('refunded')) {
        const amount = outcome === 'refundedFull' ? money.amount : 10;
        const refundId = randomUUID();
        refunds.push({ id: refundId, orderId, attemptId, amount, status: 'completed', reason: 'generated' });
        ledger.push({
          ...base,
          kind: 'refund',
          amount: -amount,
          refundId,
          at: new Date(at.getTime() + 3_600_000),
        });
        expected.refunded += amount;
      }
    }
    await db.insert(paymentOrders).values(orders);
    await db.insert(paymentAttempts).values(attempts);
    await db.insert(paymentRefunds).values(refunds);
    await db.insert(paymentLedger).values(ledger);
    await db.insert(subscriptions).values(subs);
  }
  return expected;
}
