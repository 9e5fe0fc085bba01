/*
 * The dashboard's payments lists beside the JSON API's (payments-admin.ts): subscriptions and
 * refunds, newest first, one page at a time, and what an order can still refund.
 */
import { count, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import { paymentOrders, paymentRefunds, subscriptions, supportRequests } from '../schema/index.js';

export const SUBSCRIPTION_STATUSES = ['active', 'grace', 'expired', 'refunded'] as const;
export const REFUND_STATUSES = ['requested', 'completed', 'failed'] as const;
type Paging = { page: number; pageSize: number };

export async function subscriptionsPage(
  db: Database,
  filter: { status?: (typeof SUBSCRIPTION_STATUSES)[number] } & Paging,
) {
  const where = filter.status ? eq(subscriptions.status, filter.status) : undefined;
  const [total] = await db.select({ n: count() }).from(subscriptions).where(where);
  const items = await db
    .select({ subscription: subscriptions, phone: paymentOrders.phone })
    .from(subscriptions)
    .innerJoin(paymentOrders, eq(paymentOrders.id, subscriptions.orderId))
    .where(where)
    .orderBy(desc(subscriptions.periodStart), desc(subscriptions.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  return { items: items.map(({ subscription, phone }) => ({ ...subscription, phone })), total: total!.n };
}

export async function refundsPage(
  db: Database,
  filter: { status?: (typeof REFUND_STATUSES)[number] } & Paging,
) {
  const where = filter.status ? eq(paymentRefunds.status, filter.status) : undefined;
  const [total] = await db.select({ n: count() }).from(paymentRefunds).where(where);
  const items = await db
    .select({ refund: paymentRefunds, phone: paymentOrders.phone, planId: paymentOrders.planId })
    .from(paymentRefunds)
    .innerJoin(paymentOrders, eq(paymentOrders.id, paymentRefunds.orderId))
    .where(where)
    .orderBy(desc(paymentRefunds.createdAt), desc(paymentRefunds.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  return { items: items.map(({ refund, phone, planId }) => ({ ...refund, phone, planId })), total: total!.n };
}

/** An order with what it paid and what can still be refunded (paid less refunds not failed), as askRefund counts. */
export async function orderForRefund(db: Database, orderId: string) {
  const [order] = await db.select().from(paymentOrders).where(eq(paymentOrders.id, orderId));
  if (!order) return undefined;
  const [row] = rowsOf<{ paid: unknown; held: unknown }>(
    await db.execute(sql`select
      coalesce((select sum(amount) from payment_ledger where order_id = ${orderId} and kind = 'payment'), 0) as paid,
      coalesce((select sum(amount) from payment_refunds where order_id = ${orderId} and status <> 'failed'), 0) as held`),
  );
  const paid = Number(row?.paid ?? 0);
  return { order, paid, refundable: paid - Number(row?.held ?? 0) };
}

export async function supportRequestById(db: Database, id: string) {
  const [row] = await db.select().from(supportRequests).where(eq(supportRequests.id, id));
  return row;
}
