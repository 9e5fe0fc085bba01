/*
 * The operator dashboard's overview figures (docs/dashboard.md), as of `now`.
 * Decisions:
 * - An active learner is one who wrote (an inbound message) in the last 1, 7 or 30 days.
 * - Lesson starts are not recorded on their own: a lesson counts as delivered in the last 30 days
 *   when the learner reached its quiz or finished it then (one per learner, course and lesson).
 * - Rates are over the last 30 days; quiz pass rate counts every attempt (retries too).
 * - The queue backlog is the outbox not yet handed to the provider (pending or sending) with the
 *   age of its oldest row, and the inbound messages still waiting for their turn.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import { deliveryStats, rates } from './message-tracking.js';
import { paymentStats } from './payments-admin.js';

const DAY_MS = 86_400_000;
const num = (value: unknown) => Number(value ?? 0);
const ratio = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

export interface OverviewFigures {
  activeLearners: { day: number; week: number; month: number };
  learners: number;
  lessons: { delivered: number; completed: number };
  quiz: { attempts: number; passed: number; passRate: number | null };
  messages: {
    sent: number;
    delivered: number;
    read: number;
    deliveryRate: number | null;
    readRate: number | null;
  };
  revenue: { amount: number; payments: number };
  queue: { outboxUnsent: number; oldestUnsentSeconds: number | null; inboundPending: number };
}

/** Every figure of the overview page, in a handful of queries. */
export async function overviewFigures(db: Database, now: Date): Promise<OverviewFigures> {
  const day = new Date(now.getTime() - DAY_MS);
  const week = new Date(now.getTime() - 7 * DAY_MS);
  const month = new Date(now.getTime() - 30 * DAY_MS);
  const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;
  const [activity] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select
        count(distinct user_id) filter (where received_at >= ${at(day)}) as day,
        count(distinct user_id) filter (where received_at >= ${at(week)}) as week,
        count(distinct user_id) as month,
        (select count(*) from users) as learners
      from inbound_messages where received_at >= ${at(month)} and received_at <= ${at(now)}`),
  );
  const [learning] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select
        (select count(*) from (
          select user_id, course, lesson from quiz_attempts
            where created_at >= ${at(month)} and created_at <= ${at(now)}
          union
          select user_id, course, lesson from lesson_completions
            where completed_at >= ${at(month)} and completed_at <= ${at(now)}) reached) as delivered,
        (select count(*) from lesson_completions
          where completed_at >= ${at(month)} and completed_at <= ${at(now)}) as completed,
        (select count(*) from quiz_attempts
          where created_at >= ${at(month)} and created_at <= ${at(now)}) as attempts,
        (select count(*) from quiz_attempts
          where passed and created_at >= ${at(month)} and created_at <= ${at(now)}) as passed`),
  );
  const [queue] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select
        (select count(*) from outbox where status in ('pending', 'sending')) as unsent,
        (select min(created_at) from outbox where status in ('pending', 'sending')) as oldest,
        (select count(*) from inbound_messages where status = 'pending') as inbound`),
  );
  const groups = await deliveryStats(db, 'day', { from: month, to: now });
  const sent = groups.reduce((n, g) => n + g.sent, 0);
  const delivered = groups.reduce((n, g) => n + g.delivered, 0);
  const read = groups.reduce((n, g) => n + g.read, 0);
  const payments = await paymentStats(db, { from: month, to: now }, now);
  const oldest = queue?.oldest ? new Date(String(queue.oldest)) : null;
  const attempts = num(learning?.attempts);
  const passed = num(learning?.passed);
  return {
    activeLearners: { day: num(activity?.day), week: num(activity?.week), month: num(activity?.month) },
    learners: num(activity?.learners),
    lessons: { delivered: num(learning?.delivered), completed: num(learning?.completed) },
    quiz: { attempts, passed, passRate: ratio(passed, attempts) },
    messages: { sent, delivered, read, ...rates({ sent, delivered, read }) },
    revenue: {
      amount: payments.revenue,
      payments: payments.byDay.reduce((n, row) => n + row.payments, 0),
    },
    queue: {
      outboxUnsent: num(queue?.unsent),
      oldestUnsentSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null,
      inboundPending: num(queue?.inbound),
    },
  };
}

export interface DailyActivity {
  /** UTC day, `2026-03-02`. */
  day: string;
  /** Learners who wrote that day. */
  learners: number;
  /** Messages handed to the provider that day. */
  sent: number;
  lessonsCompleted: number;
}

/** The last `days` UTC days, oldest first, every day present (zeros included), for the charts. */
export async function dailyActivity(db: Database, now: Date, days = 14): Promise<DailyActivity[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (days - 1) * DAY_MS);
  const at = sql`${from.toISOString()}::timestamptz`;
  const utcDay = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD')`);
  const perDay = async (query: ReturnType<typeof sql>) =>
    new Map(rowsOf<{ day: string; n: unknown }>(await db.execute(query)).map((r) => [r.day, num(r.n)]));
  const [learners, sent, completed] = await Promise.all([
    perDay(sql`select ${utcDay('received_at')} as day, count(distinct user_id) as n
      from inbound_messages where received_at >= ${at} group by 1`),
    perDay(sql`select ${utcDay('sent_at')} as day, count(*) as n
      from outbox where sent_at >= ${at} group by 1`),
    perDay(sql`select ${utcDay('completed_at')} as day, count(*) as n
      from lesson_completions where completed_at >= ${at} group by 1`),
  ]);
  return Array.from({ length: days }, (_, i) => {
    const key = new Date(from.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    return {
      day: key,
      learners: learners.get(key) ?? 0,
      sent: sent.get(key) ?? 0,
      lessonsCompleted: completed.get(key) ?? 0,
    };
  });
}
