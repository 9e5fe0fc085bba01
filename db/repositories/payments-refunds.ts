import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import {
  paymentAttempts,
  paymentLedger,
  paymentOrders,
  paymentRefunds,
  subscriptions,
} from '../schema/index.js';
import { recordHistory } from './payments.js';

/*
 * Refunds: asked (never more than was paid, less what is refunded or being refunded), then
 * completed (a ledger entry of −amount; a full refund ends the access) or failed, as Daraja's
 * Reversal result says.
 */

export type RefundAsked =
  | { ok: true; refundId: string; amount: number; receipt: string | null; attemptId: string }
  | { ok: false; problem: string };

export async function askRefund(
  db: Database,
  input: { orderId: string; amount?: number; reason: string; requestedBy: string; at: Date },
): Promise<RefundAsked> {
  return db.transaction(async (tx): Promise<RefundAsked> => {
    const [order] = await tx
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.id, input.orderId))
      .for('update');
    if (!order) return { ok: false, problem: 'no such order' };
    const [attempt] = await tx
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.orderId, order.id), eq(paymentAttempts.status, 'confirmed')));
    if (!attempt) return { ok: false, problem: `the order is ${order.status}: nothing was paid to refund` };
    const [row] = rowsOf<{ refundable: string | number }>(
      await tx.execute(sql`select
        coalesce((select sum(amount) from payment_ledger where order_id = ${order.id} and kind = 'payment'), 0)
        - coalesce((select sum(amount) from payment_refunds where order_id = ${order.id} and status <> 'failed'), 0)
        as refundable`),
    );
    const refundable = Number(row?.refundable ?? 0);
    const amount = input.amount ?? refundable;
    if (!Number.isInteger(amount) || amount <= 0 || amount > refundable)
      return { ok: false, problem: `at most ${refundable} KES of this order can still be refunded` };
    const [refund] = await tx
      .insert(paymentRefunds)
      .values({
        orderId: order.id,
        attemptId: attempt.id,
        amount,
        reason: input.reason,
        requestedBy: input.requestedBy,
        createdAt: input.at,
        updatedAt: input.at,
      })
      .returning({ id: paymentRefunds.id });
    await recordHistory(tx, {
      subject: 'refund',
      subjectId: refund!.id,
      from: null,
      to: 'requested',
      source: 'admin',
      at: input.at,
      detail: { amount, by: input.requestedBy },
    });
    return { ok: true, refundId: refund!.id, amount, receipt: attempt.receipt, attemptId: attempt.id };
  });
}

export async function refundSent(db: Database, refundId: string, conversationId: string, at: Date) {
  await db
    .update(paymentRefunds)
    .set({ conversationId, updatedAt: at })
    .where(eq(paymentRefunds.id, refundId));
}

export async function refundByConversation(db: Database, conversationId: string) {
  const [row] = await db
    .select({ id: paymentRefunds.id })
    .from(paymentRefunds)
    .where(eq(paymentRefunds.conversationId, conversationId));
  return row?.id;
}

/** The reversal's outcome; once only (a repeated result changes nothing). */
export async function finishRefund(
  db: Database,
  refundId: string,
  outcome: { ok: boolean; detail: string; source: string; at: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [refund] = await tx
      .select()
      .from(paymentRefunds)
      .where(eq(paymentRefunds.id, refundId))
      .for('update');
    if (!refund || refund.status !== 'requested') return false;
    const status = outcome.ok ? 'completed' : 'failed';
    await tx
      .update(paymentRefunds)
      .set({ status, updatedAt: outcome.at })
      .where(eq(paymentRefunds.id, refundId));
    await recordHistory(tx, {
      subject: 'refund',
      subjectId: refundId,
      from: 'requested',
      to: status,
      source: outcome.source,
      at: outcome.at,
      detail: { detail: outcome.detail },
    });
    if (!outcome.ok) return true;
    const [order] = await tx.select().from(paymentOrders).where(eq(paymentOrders.id, refund.orderId));
    await tx.insert(paymentLedger).values({
      kind: 'refund',
      amount: -refund.amount,
      orderId: refund.orderId,
      attemptId: refund.attemptId,
      refundId,
      userId: order!.userId,
      planId: order!.planId,
      at: outcome.at,
    });
    const [left] = rowsOf<{ balance: string | number }>(
      await tx.execute(
        sql`select coalesce(sum(amount), 0) as balance from payment_ledger where order_id = ${refund.orderId} and kind in ('payment', 'refund')`,
      ),
    );
    if (Number(left?.balance ?? 0) <= 0) {
      await tx
        .update(paymentOrders)
        .set({ status: 'refunded', updatedAt: outcome.at })
        .where(eq(paymentOrders.id, refund.orderId));
      const ended = await tx
        .update(subscriptions)
        .set({ status: 'refunded', updatedAt: outcome.at })
        .where(eq(subscriptions.orderId, refund.orderId))
        .returning({ id: subscriptions.id });
      await recordHistory(
        tx,
        {
          subject: 'order',
          subjectId: refund.orderId,
          from: order!.status,
          to: 'refunded',
          source: outcome.source,
          at: outcome.at,
        },
        ...ended.map((s) => ({
          subject: 'subscription' as const,
          subjectId: s.id,
          from: 'active',
          to: 'refunded',
          source: outcome.source,
          at: outcome.at,
        })),
      );
    }
    return true;
  });
}

/** What the learner is told of a completed refund: how much, of which plan, and whether the order is wholly refunded. */
export async function refundNotice(db: Database, refundId: string) {
  const [row] = await db
    .select({
      status: paymentRefunds.status,
      amount: paymentRefunds.amount,
      orderId: paymentRefunds.orderId,
      userId: paymentOrders.userId,
      planId: paymentOrders.planId,
      orderStatus: paymentOrders.status,
    })
    .from(paymentRefunds)
    .innerJoin(paymentOrders, eq(paymentOrders.id, paymentRefunds.orderId))
    .where(eq(paymentRefunds.id, refundId));
  if (!row || row.status !== 'completed' || !row.userId) return undefined;
  return {
    userId: row.userId,
    orderId: row.orderId,
    planId: row.planId,
    amount: row.amount,
    full: row.orderStatus === 'refunded',
  };
}
