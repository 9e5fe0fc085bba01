import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, min } from 'drizzle-orm';
import type { Database } from '../client.js';
import { paymentAttempts, paymentOrders, subscriptions, type AttemptStatus } from '../schema/index.js';

/** Reading payments: attempts by id or CheckoutRequestID, which are due a query, a learner's orders. */

export const OPEN_ATTEMPT: AttemptStatus[] = ['prompted', 'unknown'];

export async function attemptById(db: Database, id: string) {
  const [row] = await db
    .select({ attempt: paymentAttempts, order: paymentOrders })
    .from(paymentAttempts)
    .innerJoin(paymentOrders, eq(paymentOrders.id, paymentAttempts.orderId))
    .where(eq(paymentAttempts.id, id));
  return row;
}

export async function attemptByCheckout(db: Database, checkoutRequestId: string) {
  const [row] = await db
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(eq(paymentAttempts.checkoutRequestId, checkoutRequestId));
  return row?.id;
}

/** Open attempts whose STK query is due, oldest first. */
export async function dueChecks(db: Database, now: Date, limit = 50): Promise<string[]> {
  const rows = await db
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(and(inArray(paymentAttempts.status, OPEN_ATTEMPT), lte(paymentAttempts.nextCheckAt, now)))
    .orderBy(asc(paymentAttempts.nextCheckAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** When the next STK query is due (the simulator advances its clock to it). */
export async function nextCheckDue(db: Database): Promise<Date | null> {
  const [row] = await db
    .select({ due: min(paymentAttempts.nextCheckAt) })
    .from(paymentAttempts)
    .where(and(inArray(paymentAttempts.status, OPEN_ATTEMPT), isNotNull(paymentAttempts.nextCheckAt)));
  return row?.due ?? null;
}

/** Attempts opened before `before` and still unsettled (the nightly sweep's work). */
export async function staleAttempts(db: Database, before: Date): Promise<string[]> {
  const rows = await db
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(
      and(
        inArray(paymentAttempts.status, ['requested', 'prompted', 'unknown']),
        lte(paymentAttempts.createdAt, before),
      ),
    );
  return rows.map((r) => r.id);
}

/** Settled attempts whose outcome the learner's flows have not been handed yet. */
export async function unnotifiedAttempts(db: Database): Promise<string[]> {
  const rows = await db
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(
      and(
        isNull(paymentAttempts.notifiedAt),
        isNotNull(paymentAttempts.userId),
        inArray(paymentAttempts.status, ['confirmed', 'failed', 'mismatch', 'unresolved']),
      ),
    )
    .orderBy(asc(paymentAttempts.settledAt))
    .limit(100);
  return rows.map((r) => r.id);
}

export async function markNotified(db: Database, attemptId: string, at: Date): Promise<void> {
  await db.update(paymentAttempts).set({ notifiedAt: at }).where(eq(paymentAttempts.id, attemptId));
}

/** The learner's last orders, newest first, with their latest attempt's outcome. */
export async function learnerPayments(db: Database, userId: string, limit = 10) {
  return db
    .select({ order: paymentOrders, attempt: paymentAttempts })
    .from(paymentOrders)
    .leftJoin(paymentAttempts, eq(paymentAttempts.orderId, paymentOrders.id))
    .where(eq(paymentOrders.userId, userId))
    .orderBy(desc(paymentOrders.createdAt), desc(paymentOrders.id))
    .limit(limit);
}

/** When the access an order bought ends; null for good (or no access). */
export async function accessUntilOf(db: Database, orderId: string): Promise<Date | null> {
  const [row] = await db
    .select({ end: subscriptions.periodEnd })
    .from(subscriptions)
    .where(eq(subscriptions.orderId, orderId));
  return row?.end ?? null;
}
