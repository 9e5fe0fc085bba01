/*
 * Analytics for the operator (issue 13 item 6, shown by the dashboard): weekly retention cohorts
 * and per-course completion funnels. Decisions: a learner belongs to the cohort of the UTC week
 * (Monday) of their first message; they count as active in a later week when they wrote at least
 * once in it (timers and service answers are not the learner: channel `timer` and `system` are
 * left out). A course's funnel starts with the learners who chose it, then the learners who
 * finished each of its lessons (first completions, recorded by the `lesson.completed` service),
 * then those who finished them all.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';

const LEARNER_CHANNELS = sql`channel not in ('timer', 'system')`;

export interface CohortWeekRow {
  cohort: string;
  offset: number;
  learners: number;
}

/** Learners active per week since their first, for the cohorts whose first week is in [from, to). */
export async function cohortActivity(
  db: Database,
  range: { from: Date; to: Date },
): Promise<CohortWeekRow[]> {
  const result = await db.execute(sql`
    with firsts as (
      select user_id, date_trunc('week', min(received_at) at time zone 'UTC') as cohort
      from inbound_messages where ${LEARNER_CHANNELS} group by user_id),
    weeks as (
      select distinct user_id, date_trunc('week', received_at at time zone 'UTC') as week
      from inbound_messages where ${LEARNER_CHANNELS})
    select to_char(f.cohort, 'YYYY-MM-DD') as cohort,
      ((w.week::date - f.cohort::date) / 7)::int as "offset",
      count(*)::int as learners
    from firsts f join weeks w on w.user_id = f.user_id
    where f.cohort >= ${range.from.toISOString()}::timestamptz at time zone 'UTC'
      and f.cohort < ${range.to.toISOString()}::timestamptz at time zone 'UTC'
    group by 1, 2 order by 1, 2`);
  return rowsOf<CohortWeekRow>(result).map((row) => ({
    ...row,
    offset: Number(row.offset),
    learners: Number(row.learners),
  }));
}

export interface CourseFunnelCounts {
  enrolled: number;
  /** Learners who finished each lesson, by slug. */
  lessons: Map<string, number>;
  /** Learners who finished every one of `lessons`. */
  completed: number;
}

/** How many learners chose `course`, finished each lesson of it, and finished all of `lessons`. */
export async function courseFunnel(
  db: Database,
  course: string,
  lessons: string[],
): Promise<CourseFunnelCounts> {
  const chosen = sql`(learning_state->'courses' @> jsonb_build_array(${course}::text) or learning_state->>'course' = ${course})`;
  const listed = lessons.length
    ? sql.join(
        lessons.map((l) => sql`${l}`),
        sql`, `,
      )
    : sql`null`;
  const [enrolled, perLesson, completed] = await Promise.all([
    db.execute(sql`select count(*)::int as n from users where ${chosen}`),
    db.execute(sql`
      select lesson, count(distinct user_id)::int as n from lesson_completions
      where course = ${course} group by lesson`),
    db.execute(sql`
      select count(*)::int as n from (
        select user_id from lesson_completions where course = ${course} and lesson in (${listed})
        group by user_id having count(distinct lesson) = ${lessons.length}) done`),
  ]);
  const count = (result: unknown) => Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
  return {
    enrolled: count(enrolled),
    lessons: new Map(
      rowsOf<{ lesson: string; n: number }>(perLesson).map((row) => [row.lesson, Number(row.n)]),
    ),
    completed: lessons.length ? count(completed) : 0,
  };
}
