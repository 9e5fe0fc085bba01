/*
 * The analytics pages' own figures (docs/dashboard.md#analytics-and-payments): engagement by hour of
 * day and a period's headline numbers for the weekly report. Decisions: an hour is the learner's
 * local hour (users.timezone), since "when do learners write" means their clock, not the server's;
 * only messages the learner wrote count (timers and service answers are not the learner); a
 * period is [from, to) and every figure is counted by when it happened in it.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import { paymentStats } from './payments-admin.js';

const num = (value: unknown) => Number(value ?? 0);
const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;

export interface HourOfDay {
  /** 0–23, the learner's local hour. */
  hour: number;
  messages: number;
  learners: number;
}

/** Messages learners wrote in [from, to) and how many learners wrote, per local hour; all 24 hours. */
export async function engagementByHour(db: Database, range: { from: Date; to: Date }): Promise<HourOfDay[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select extract(hour from m.received_at at time zone u.timezone)::int as hour,
        count(*) as messages, count(distinct m.user_id) as learners
      from inbound_messages m join users u on u.id = m.user_id
      where m.channel not in ('timer', 'system')
        and m.received_at >= ${at(range.from)} and m.received_at < ${at(range.to)}
      group by 1`),
  );
  const byHour = new Map(rows.map((row) => [num(row.hour), row]));
  return Array.from({ length: 24 }, (_, hour) => ({
    hour,
    messages: num(byHour.get(hour)?.messages),
    learners: num(byHour.get(hour)?.learners),
  }));
}

export interface PeriodFigures {
  newLearners: number;
  activeLearners: number;
  lessonsCompleted: number;
  quizAttempts: number;
  quizPassed: number;
  /** Share of quiz attempts passed (retries count), null without attempts. */
  passRate: number | null;
  /** KES paid less KES refunded, from the ledger. */
  revenue: number;
}

/** The weekly report's figures for [from, to), except the tutor's (they live in the cache). */
export async function periodFigures(db: Database, range: { from: Date; to: Date }): Promise<PeriodFigures> {
  const within = (column: string) =>
    sql`${sql.raw(column)} >= ${at(range.from)} and ${sql.raw(column)} < ${at(range.to)}`;
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select
      (select count(*) from users where ${within('created_at')}) as new_learners,
      (select count(distinct user_id) from inbound_messages
        where channel not in ('timer', 'system') and ${within('received_at')}) as active_learners,
      (select count(*) from lesson_completions where ${within('completed_at')}) as lessons_completed,
      (select count(*) from quiz_attempts where ${within('created_at')}) as quiz_attempts,
      (select count(*) from quiz_attempts where passed and ${within('created_at')}) as quiz_passed`),
  );
  const quizAttempts = num(row?.quiz_attempts);
  const quizPassed = num(row?.quiz_passed);
  const payments = await paymentStats(db, range, range.to);
  return {
    newLearners: num(row?.new_learners),
    activeLearners: num(row?.active_learners),
    lessonsCompleted: num(row?.lessons_completed),
    quizAttempts,
    quizPassed,
    passRate: quizAttempts ? Math.round((quizPassed / quizAttempts) * 10_000) / 10_000 : null,
    revenue: payments.revenue,
  };
}
