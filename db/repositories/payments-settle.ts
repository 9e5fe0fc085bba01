import { and, desc, eq, gt, ne } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database, Tx } from '../client.js';
import {
  paymentAttempts,
  paymentLedger,
  paymentOrders,
  subscriptions,
  type PaymentAttempt,
  type PaymentOrder,
} from '../schema/index.js';
import { raiseAlert, recordHistory } from './payments.js';

/*
 * Settling an STK push attempt: once, under the attempt's row lock, whoever brings the outcome
 * first (callback, STK query, the simulated M-PESA, the nightly sweep). Anything after that is
 * history only; a later report that contradicts the settled outcome is an alert for an operator.
 */

export type SettleSource = 'callback' | 'query' | 'simulated' | 'nightly';

export interface FinalOutcome {
  resultCode: number;
  resultDesc: string;
  /** From the callback's metadata (a query carries none of these). */
  receipt?: string | null;
  amount?: number | null;
  phone?: string | null;
  source: SettleSource;
  at: Date;
}

export type Settled =
  | { changed: true; attempt: PaymentAttempt; order: PaymentOrder }
  | { changed: false; reason: 'unknownAttempt' | 'alreadySettled' };

const SETTLED = new Set(['confirmed', 'failed', 'mismatch', 'unavailable', 'unresolved']);

/** Same number? Daraja may mask the middle digits of the MSISDN (2547*****123): compare what it shows. */
export function samePhone(asked: string, reported: string): boolean {
  const want = asked.replace(/^\+/, '');
  const got = reported.replace(/^\+/, '');
  if (got.length !== want.length) return false;
  return [...got].every((digit, i) => digit === '*' || digit === want[i]);
}

/** When access bought now ends: after any access to the same plan still running (a renewal extends it). */
async function periodOf(tx: Tx, order: PaymentOrder, at: Date) {
  if (order.period === 'once') return { start: at, end: null };
  const [running] = order.userId
    ? await tx
        .select({ end: subscriptions.periodEnd })
        .from(subscriptions)
        .where(
          and(
            eq(subscriptions.userId, order.userId),
            eq(subscriptions.planId, order.planId),
            eq(subscriptions.status, 'active'),
            gt(subscriptions.periodEnd, at),
          ),
        )
        .orderBy(desc(subscriptions.periodEnd))
        .limit(1)
    : [];
  const start = running?.end ?? at;
  const end = DateTime.fromJSDate(start, { zone: 'utc' })
    .plus({ [`${order.period}s`]: 1 })
    .toJSDate();
  return { start, end };
}

export async function settleAttempt(
  db: Database,
  attemptId: string,
  outcome: FinalOutcome,
): Promise<Settled> {
  return db.transaction(async (tx): Promise<Settled> => {
    const [attempt] = await tx
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, attemptId))
      .for('update');
    if (!attempt) return { changed: false, reason: 'unknownAttempt' };
    const [order] = await tx.select().from(paymentOrders).where(eq(paymentOrders.id, attempt.orderId));
    const { at, source } = outcome;
    const observed = {
      resultCode: outcome.resultCode,
      resultDesc: outcome.resultDesc,
      receipt: outcome.receipt ?? null,
    };
    if (SETTLED.has(attempt.status)) {
      await recordHistory(tx, {
        subject: 'attempt',
        subjectId: attempt.id,
        from: attempt.status,
        to: attempt.status,
        source,
        at,
        detail: { ignored: 'already settled', ...observed },
      });
      const paidNow = outcome.resultCode === 0;
      const paidThen = attempt.status === 'confirmed' || attempt.status === 'mismatch';
      // 1037 says nothing about the money: only a definite answer can contradict the settled one.
      if (outcome.resultCode !== 1037 && paidNow !== paidThen)
        await raiseAlert(tx, {
          kind: 'lateOutcomeDisagrees',
          dedupeKey: `late:${attempt.id}:${outcome.resultCode}`,
          attemptId: attempt.id,
          orderId: attempt.orderId,
          at,
          detail: { settledAs: attempt.status, settledBy: attempt.settledBy, now: observed, source },
        });
      return { changed: false, reason: 'alreadySettled' };
    }

    const base = {
      resultCode: outcome.resultCode,
      resultDesc: outcome.resultDesc.slice(0, 300),
      settledBy: source,
      settledAt: at,
      nextCheckAt: null,
      updatedAt: at,
    };
    let attemptStatus: PaymentAttempt['status'];
    let orderStatus: PaymentOrder['status'];
    let mismatch: string | null = null;
    if (outcome.resultCode === 0) {
      if (outcome.amount != null && outcome.amount !== attempt.amount)
        mismatch = `paid ${outcome.amount} KES for an order of ${attempt.amount} KES`;
      else if (outcome.phone && !samePhone(attempt.phone, outcome.phone))
        mismatch = `paid from ${outcome.phone}, the prompt went to ${attempt.phone}`;
      const receiptTaken =
        outcome.receipt &&
        (
          await tx
            .select({ id: paymentAttempts.id })
            .from(paymentAttempts)
            .where(and(eq(paymentAttempts.receipt, outcome.receipt), ne(paymentAttempts.id, attempt.id)))
        ).length > 0;
      if (receiptTaken) mismatch = `receipt ${outcome.receipt} was already used for another payment`;
      attemptStatus = mismatch ? 'mismatch' : 'confirmed';
      orderStatus = mismatch ? 'disputed' : 'paid';
    } else {
      attemptStatus = 'failed';
      orderStatus = 'failed';
    }
    const receipt =
      attemptStatus === 'confirmed' || (mismatch && !mismatch.startsWith('receipt'))
        ? (outcome.receipt ?? null)
        : null;
    const [updated] = await tx
      .update(paymentAttempts)
      .set({ ...base, status: attemptStatus, receipt })
      .where(eq(paymentAttempts.id, attempt.id))
      .returning();
    const [updatedOrder] = await tx
      .update(paymentOrders)
      .set({ status: orderStatus, updatedAt: at })
      .where(eq(paymentOrders.id, attempt.orderId))
      .returning();
    await recordHistory(
      tx,
      {
        subject: 'attempt',
        subjectId: attempt.id,
        from: attempt.status,
        to: attemptStatus,
        source,
        at,
        detail: { ...observed, ...(mismatch ? { mismatch } : {}) },
      },
      { subject: 'order', subjectId: order!.id, from: order!.status, to: orderStatus, source, at },
    );

    if (attemptStatus === 'confirmed') {
      await tx.insert(paymentLedger).values({
        kind: 'payment',
        amount: attempt.amount,
        orderId: order!.id,
        attemptId: attempt.id,
        userId: order!.userId,
        planId: order!.planId,
        receipt,
        at,
      });
      const period = await periodOf(tx, order!, at);
      const [subscription] = await tx
        .insert(subscriptions)
        .values({
          userId: order!.userId,
          orderId: order!.id,
          planId: order!.planId,
          courses: order!.courses,
          periodStart: period.start,
          periodEnd: period.end,
          createdAt: at,
          updatedAt: at,
        })
        .returning({ id: subscriptions.id });
      await recordHistory(tx, {
        subject: 'subscription',
        subjectId: subscription!.id,
        from: null,
        to: 'active',
        source,
        at,
      });
    } else if (mismatch) {
      // Money came in that cannot be honoured as asked: held, not revenue, until an operator acts.
      if (outcome.amount != null && outcome.amount > 0 && !mismatch.startsWith('receipt'))
        await tx.insert(paymentLedger).values({
          kind: 'unmatched',
          amount: outcome.amount,
          orderId: order!.id,
          attemptId: attempt.id,
          userId: order!.userId,
          planId: order!.planId,
          receipt,
          at,
        });
      await raiseAlert(tx, {
        kind: mismatch.startsWith('paid from') ? 'phoneMismatch' : 'amountMismatch',
        dedupeKey: `mismatch:${attempt.id}`,
        attemptId: attempt.id,
        orderId: order!.id,
        at,
        detail: { mismatch, ...observed, amount: outcome.amount ?? null, phone: outcome.phone ?? null },
      });
    }
    return { changed: true, attempt: updated!, order: updatedOrder! };
  });
}

/** The nightly sweep gives up on an attempt M-PESA still cannot tell about after a day. */
export async function markUnresolved(
  db: Database,
  attemptId: string,
  reason: string,
  at: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [attempt] = await tx
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, attemptId))
      .for('update');
    if (!attempt || SETTLED.has(attempt.status)) return false;
    await tx
      .update(paymentAttempts)
      .set({ status: 'unresolved', settledBy: 'nightly', settledAt: at, nextCheckAt: null, updatedAt: at })
      .where(eq(paymentAttempts.id, attemptId));
    await tx
      .update(paymentOrders)
      .set({ status: 'failed', updatedAt: at })
      .where(eq(paymentOrders.id, attempt.orderId));
    await recordHistory(
      tx,
      {
        subject: 'attempt',
        subjectId: attemptId,
        from: attempt.status,
        to: 'unresolved',
        source: 'nightly',
        at,
        detail: { reason },
      },
      { subject: 'order', subjectId: attempt.orderId, from: 'pending', to: 'failed', source: 'nightly', at },
    );
    await raiseAlert(tx, {
      kind: 'unresolved',
      dedupeKey: `unresolved:${attemptId}`,
      attemptId,
      orderId: attempt.orderId,
      at,
      detail: {
        reason,
        phone: attempt.phone,
        amount: attempt.amount,
        checkoutRequestId: attempt.checkoutRequestId,
      },
    });
    return true;
  });
}
