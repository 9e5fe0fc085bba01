import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Tx } from '../client.js';
import {
  paymentAlerts,
  paymentAttempts,
  paymentHistory,
  paymentOrders,
  type PaymentAlertKind,
  type PaymentAttempt,
  type PaymentOrder,
  type PlanCourses,
} from '../schema/index.js';

/*
 * Orders and STK push attempts: opening an order (one pending per learner, found again by its
 * request id), recording what Daraja said to the push, and which attempts are due an STK query.
 * Settling an attempt lives in payments-settle.ts. Every status change writes a history row.
 */

type Writer = Pick<Database, 'insert'> | Pick<Tx, 'insert'>;

export interface HistoryRow {
  subject: 'order' | 'attempt' | 'subscription' | 'refund' | 'support';
  subjectId: string;
  from: string | null;
  to: string;
  source: string;
  at: Date;
  detail?: Record<string, unknown>;
}

export async function recordHistory(db: Writer, ...rows: HistoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(paymentHistory).values(
    rows.map((r) => ({
      subject: r.subject,
      subjectId: r.subjectId,
      fromStatus: r.from,
      toStatus: r.to,
      source: r.source,
      detail: r.detail ?? null,
      at: r.at,
    })),
  );
}

/** Records something an operator must see; the same `dedupeKey` twice is one alert. */
export async function raiseAlert(
  db: Writer,
  alert: { kind: PaymentAlertKind; dedupeKey: string; at: Date; detail: Record<string, unknown> } & {
    attemptId?: string | null;
    orderId?: string | null;
  },
): Promise<boolean> {
  const rows = await db
    .insert(paymentAlerts)
    .values({
      kind: alert.kind,
      dedupeKey: alert.dedupeKey,
      detail: alert.detail,
      at: alert.at,
      attemptId: alert.attemptId ?? null,
      orderId: alert.orderId ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: paymentAlerts.id });
  return rows.length > 0;
}

export interface NewOrder {
  userId: string;
  requestId: string;
  plan: { id: string; price: number; period: 'once' | 'week' | 'month' | 'year'; courses: PlanCourses };
  phone: string;
  simulated: boolean;
  at: Date;
}

export type OpenedOrder =
  | { kind: 'created' | 'existing'; order: PaymentOrder; attempt: PaymentAttempt }
  | { kind: 'alreadyPending'; order: PaymentOrder | null };

/**
 * A new order and its first attempt, in one transaction; the same request again finds them; a
 * learner with another order pending gets that one back (the partial unique index decides, so
 * two processes cannot both open one).
 */
export async function openOrder(db: Database, input: NewOrder): Promise<OpenedOrder> {
  return db.transaction(async (tx) => {
    const known = await findByRequest(tx, input.userId, input.requestId);
    if (known) return { kind: 'existing' as const, ...known };
    const [order] = await tx
      .insert(paymentOrders)
      .values({
        userId: input.userId,
        requestId: input.requestId,
        planId: input.plan.id,
        amount: input.plan.price,
        period: input.plan.period,
        courses: input.plan.courses,
        phone: input.phone,
        createdAt: input.at,
        updatedAt: input.at,
      })
      .onConflictDoNothing()
      .returning();
    if (!order) {
      const raced = await findByRequest(tx, input.userId, input.requestId);
      if (raced) return { kind: 'existing' as const, ...raced };
      const [pending] = await tx
        .select()
        .from(paymentOrders)
        .where(and(eq(paymentOrders.userId, input.userId), eq(paymentOrders.status, 'pending')));
      return { kind: 'alreadyPending' as const, order: pending ?? null };
    }
    const [attempt] = await tx
      .insert(paymentAttempts)
      .values({
        orderId: order.id,
        userId: input.userId,
        amount: order.amount,
        phone: input.phone,
        simulated: input.simulated,
        createdAt: input.at,
        updatedAt: input.at,
      })
      .returning();
    await recordHistory(
      tx,
      { subject: 'order', subjectId: order.id, from: null, to: 'pending', source: 'service', at: input.at },
      {
        subject: 'attempt',
        subjectId: attempt!.id,
        from: null,
        to: 'requested',
        source: 'service',
        at: input.at,
      },
    );
    return { kind: 'created' as const, order, attempt: attempt! };
  });
}

async function findByRequest(db: Pick<Database, 'select'>, userId: string, requestId: string) {
  const [row] = await db
    .select({ order: paymentOrders, attempt: paymentAttempts })
    .from(paymentOrders)
    .innerJoin(paymentAttempts, eq(paymentAttempts.orderId, paymentOrders.id))
    .where(and(eq(paymentOrders.userId, userId), eq(paymentOrders.requestId, requestId)))
    .orderBy(asc(paymentAttempts.createdAt))
    .limit(1);
  return row;
}

/** Daraja accepted the push: the attempt waits for its callback, and is queried at `nextCheckAt`. */
export async function markPrompted(
  db: Database,
  attemptId: string,
  ids: { checkoutRequestId: string; merchantRequestId: string },
  nextCheckAt: Date,
  at: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(paymentAttempts)
      .set({ status: 'prompted', ...ids, nextCheckAt, updatedAt: at })
      .where(and(eq(paymentAttempts.id, attemptId), eq(paymentAttempts.status, 'requested')))
      .returning({ id: paymentAttempts.id });
    if (rows.length === 0) return false;
    await recordHistory(tx, {
      subject: 'attempt',
      subjectId: attemptId,
      from: 'requested',
      to: 'prompted',
      source: 'service',
      at,
      detail: { ...ids },
    });
    return true;
  });
}

/** The push never reached the phone: the attempt is unavailable and the order failed (a new PAY may start). */
export async function markUnavailable(db: Database, attempt: PaymentAttempt, reason: string, at: Date) {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(paymentAttempts)
      .set({
        status: 'unavailable',
        resultDesc: reason.slice(0, 300),
        settledAt: at,
        settledBy: 'service',
        updatedAt: at,
      })
      .where(and(eq(paymentAttempts.id, attempt.id), eq(paymentAttempts.status, 'requested')))
      .returning({ id: paymentAttempts.id });
    if (rows.length === 0) return;
    await tx
      .update(paymentOrders)
      .set({ status: 'failed', updatedAt: at })
      .where(and(eq(paymentOrders.id, attempt.orderId), eq(paymentOrders.status, 'pending')));
    await recordHistory(
      tx,
      {
        subject: 'attempt',
        subjectId: attempt.id,
        from: 'requested',
        to: 'unavailable',
        source: 'service',
        at,
        detail: { reason },
      },
      { subject: 'order', subjectId: attempt.orderId, from: 'pending', to: 'failed', source: 'service', at },
    );
  });
}

/**
 * Still no final answer (1037 in a callback, a query that cannot tell yet): the attempt stays
 * open, `unknown` once money may have moved, and is asked again at `nextCheckAt`.
 */
export async function postponeCheck(
  db: Database,
  attempt: PaymentAttempt,
  change: { status: 'prompted' | 'unknown'; nextCheckAt: Date; reason: string; source: string; at: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(paymentAttempts)
      .set({
        status: change.status,
        nextCheckAt: change.nextCheckAt,
        checks: sql`${paymentAttempts.checks} + ${change.source === 'callback' ? 0 : 1}`,
        updatedAt: change.at,
      })
      .where(
        and(eq(paymentAttempts.id, attempt.id), inArray(paymentAttempts.status, ['prompted', 'unknown'])),
      )
      .returning({ id: paymentAttempts.id });
    if (rows.length === 0) return;
    await recordHistory(tx, {
      subject: 'attempt',
      subjectId: attempt.id,
      from: attempt.status,
      to: change.status,
      source: change.source,
      at: change.at,
      detail: { reason: change.reason, nextCheckAt: change.nextCheckAt.toISOString() },
    });
  });
}
