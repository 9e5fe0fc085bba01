import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { GRACE_DAYS } from '../../shared/renewal-grace.js';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import {
  paymentAlerts,
  paymentAttempts,
  paymentOrders,
  supportRequests,
  type OrderStatus,
} from '../schema/index.js';

/** What GET /admin/api/payments and /payments/stats read: orders with their attempt, money from the ledger. */

export interface PaymentFilter {
  status?: OrderStatus;
  planId?: string;
  phone?: string;
  from?: Date;
  to?: Date;
}

function orderWhere(filter: PaymentFilter): SQL | undefined {
  return and(
    filter.status ? eq(paymentOrders.status, filter.status) : undefined,
    filter.planId ? eq(paymentOrders.planId, filter.planId) : undefined,
    filter.phone ? eq(paymentOrders.phone, filter.phone) : undefined,
    filter.from ? gte(paymentOrders.createdAt, filter.from) : undefined,
    filter.to ? lt(paymentOrders.createdAt, filter.to) : undefined,
  );
}

export async function paymentsPage(db: Database, filter: PaymentFilter & { page: number; pageSize: number }) {
  const where = orderWhere(filter);
  const [total] = await db.select({ n: count() }).from(paymentOrders).where(where);
  const rows = await db
    .select({ order: paymentOrders, attempt: paymentAttempts })
    .from(paymentOrders)
    .leftJoin(paymentAttempts, eq(paymentAttempts.orderId, paymentOrders.id))
    .where(where)
    .orderBy(desc(paymentOrders.createdAt), desc(paymentOrders.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const items = rows.map(({ order, attempt }) => ({
    orderId: order.id,
    learnerId: order.userId,
    phone: order.phone,
    planId: order.planId,
    amount: order.amount,
    status: order.status,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    attempt: attempt && {
      id: attempt.id,
      status: attempt.status,
      simulated: attempt.simulated,
      checkoutRequestId: attempt.checkoutRequestId,
      receipt: attempt.receipt,
      resultCode: attempt.resultCode,
      resultDesc: attempt.resultDesc,
      settledBy: attempt.settledBy,
      settledAt: attempt.settledAt?.toISOString() ?? null,
    },
  }));
  return { items, total: total!.n };
}

const num = (value: unknown) => Number(value ?? 0);

/**
 * Revenue per UTC day and plan from the ledger (payments minus refunds, by when the money moved),
 * success rate and failure reasons from the attempts made in the range.
 */
/** The grace after a plan's end (flows/learning/renewal.ts) in which a renewal still counts as one. */
const GRACE = sql.raw(`interval '${GRACE_DAYS} days'`);

/**
 * Churn of plans with an end that ended in the range, by `now`: renewed (a period of the same plan for
 * the same learner starting from its end to the grace's end), churned (the grace is over and none did),
 * in grace (still undecided). Refunded periods are left out.
 */
async function churnOf(db: Database, range: { from?: Date; to?: Date }, now: Date) {
  const ended = sql.join(
    [
      sql`s.period_end is not null and s.period_end <= ${now.toISOString()}::timestamptz and s.status <> 'refunded'`,
      ...(range.from ? [sql`s.period_end >= ${range.from.toISOString()}::timestamptz`] : []),
      ...(range.to ? [sql`s.period_end < ${range.to.toISOString()}::timestamptz`] : []),
    ],
    sql` and `,
  );
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select
        count(*) filter (where renewed) as renewed,
        count(*) filter (where not renewed and period_end + ${GRACE} <= ${now.toISOString()}::timestamptz) as churned,
        count(*) filter (where not renewed and period_end + ${GRACE} > ${now.toISOString()}::timestamptz) as in_grace
      from (
        select s.period_end, exists (
          select 1 from subscriptions n
          where n.user_id = s.user_id and n.plan_id = s.plan_id and n.id <> s.id and n.status <> 'refunded'
            and n.period_start >= s.period_end and n.period_start <= s.period_end + ${GRACE}
        ) as renewed
        from subscriptions s where ${ended}
      ) ended`),
  );
  const renewed = num(row?.renewed);
  const churned = num(row?.churned);
  const decided = renewed + churned;
  return {
    renewed,
    churned,
    inGrace: num(row?.in_grace),
    rate: decided === 0 ? null : Math.round((churned / decided) * 10_000) / 10_000,
  };
}

export async function paymentStats(db: Database, range: { from?: Date; to?: Date }, now = new Date()) {
  const ledgerRange = sql.join(
    [
      sql`kind in ('payment', 'refund')`,
      ...(range.from ? [sql`at >= ${range.from.toISOString()}::timestamptz`] : []),
      ...(range.to ? [sql`at < ${range.to.toISOString()}::timestamptz`] : []),
    ],
    sql` and `,
  );
  const revenueRows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select to_char(at at time zone 'UTC', 'YYYY-MM-DD') as day, plan_id,
        sum(case when kind = 'payment' then amount else 0 end) as paid,
        -sum(case when kind = 'refund' then amount else 0 end) as refunded,
        sum(case when kind = 'payment' then 1 else 0 end) as payments
      from payment_ledger where ${ledgerRange}
      group by 1, 2 order by 1, 2`),
  );
  const byDay = revenueRows.map((r) => ({
    day: String(r.day),
    planId: String(r.plan_id),
    payments: num(r.payments),
    paid: num(r.paid),
    refunded: num(r.refunded),
    revenue: num(r.paid) - num(r.refunded),
  }));
  const byPlan = new Map<string, number>();
  for (const row of byDay) byPlan.set(row.planId, (byPlan.get(row.planId) ?? 0) + row.revenue);

  const attemptRange = sql.join(
    [
      sql`true`,
      ...(range.from ? [sql`created_at >= ${range.from.toISOString()}::timestamptz`] : []),
      ...(range.to ? [sql`created_at < ${range.to.toISOString()}::timestamptz`] : []),
    ],
    sql` and `,
  );
  const outcomeRows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select status, result_code, count(*) as n from payment_attempts where ${attemptRange}
      group by 1, 2 order by 3 desc`),
  );
  const attempts: Record<string, number> = {};
  const failureReasons: { reason: string; resultCode: number | null; count: number }[] = [];
  for (const row of outcomeRows) {
    const status = String(row.status);
    attempts[status] = (attempts[status] ?? 0) + num(row.n);
    if (['failed', 'unavailable', 'mismatch', 'unresolved'].includes(status))
      failureReasons.push({
        reason: status === 'failed' ? reasonOf(num(row.result_code)) : status,
        resultCode: row.result_code == null ? null : num(row.result_code),
        count: num(row.n),
      });
  }
  // Of the prompts that reached a phone and were settled, the share that paid.
  const settled = ['confirmed', 'failed', 'mismatch', 'unresolved'].reduce(
    (n, s) => n + (attempts[s] ?? 0),
    0,
  );
  const revenue = byDay.reduce((n, row) => n + row.revenue, 0);
  return {
    revenue,
    paid: byDay.reduce((n, row) => n + row.paid, 0),
    refunded: byDay.reduce((n, row) => n + row.refunded, 0),
    byDay,
    byPlan: [...byPlan].map(([planId, planRevenue]) => ({ planId, revenue: planRevenue })),
    attempts,
    successRate: settled === 0 ? null : Math.round(((attempts.confirmed ?? 0) / settled) * 10_000) / 10_000,
    failureReasons,
    churn: await churnOf(db, range, now),
  };
}

const REASONS: Record<number, string> = {
  1: 'insufficientFunds',
  1032: 'cancelled',
  1037: 'timedOut',
  2001: 'wrongPin',
};
const reasonOf = (code: number) => REASONS[code] ?? 'failed';

export async function openAlerts(db: Database, limit = 100) {
  return db
    .select()
    .from(paymentAlerts)
    .where(sql`${paymentAlerts.resolvedAt} is null`)
    .orderBy(desc(paymentAlerts.id))
    .limit(limit);
}

/** Marks an alert handled by an operator: once (a second time says when it already was). */
export async function resolveAlert(
  db: Database,
  id: number,
  at: Date,
): Promise<{ ok: true } | { ok: false; problem: 'notFound' } | { ok: false; problem: 'resolved'; at: Date }> {
  const [resolved] = await db
    .update(paymentAlerts)
    .set({ resolvedAt: at })
    .where(sql`${paymentAlerts.id} = ${id} and ${paymentAlerts.resolvedAt} is null`)
    .returning({ id: paymentAlerts.id });
  if (resolved) return { ok: true };
  const [alert] = await db.select().from(paymentAlerts).where(eq(paymentAlerts.id, id));
  return alert?.resolvedAt
    ? { ok: false, problem: 'resolved', at: alert.resolvedAt }
    : { ok: false, problem: 'notFound' };
}

export async function supportPage(db: Database, status: string | undefined, page: number, pageSize: number) {
  const where = status ? eq(supportRequests.status, status as 'open') : undefined;
  const [total] = await db.select({ n: count() }).from(supportRequests).where(where);
  const items = await db
    .select()
    .from(supportRequests)
    .where(where)
    .orderBy(desc(supportRequests.createdAt))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { items, total: total!.n };
}
