/*
 * Learners as the operator dashboard finds and shows them (docs/dashboard.md).
 * Decisions:
 * - A search names learners by id list (a phone in any spelling, a BSUID or a username, resolved
 *   by learner-lookup.ts) or by part of their name, case-insensitively; status and course narrow it.
 * - "Course" is any course the learner chose (learning state `courses`), not only the current one.
 * - The timeline is both directions in one list, newest first: inbound messages with whether their
 *   turn ran, outbound ones with where delivery stands (message-tracking.ts's status).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import type { User } from '../schema/users.js';

export type LearnerStatus = User['status'];
export const LEARNER_STATUSES: readonly LearnerStatus[] = ['active', 'opted_out', 'blocked'];

export interface LearnerSearch {
  /** Only these learners (a phone, BSUID or username named them); an empty list finds none. */
  ids?: string[];
  /** Part of the learner's name. */
  nameLike?: string;
  status?: LearnerStatus;
  course?: string;
  page: number;
  pageSize: number;
}

export interface LearnerRow {
  id: string;
  phone: string;
  name: string | null;
  status: LearnerStatus;
  course: string | null;
  lastInboundAt: Date | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The filters of a search as one SQL condition on `users`; null when it can match no learner. */
export function learnerFilter(search: Omit<LearnerSearch, 'page' | 'pageSize'>): SQL | null {
  const conditions: SQL[] = [sql`true`];
  if (search.ids) {
    if (search.ids.length === 0) return null;
    conditions.push(
      sql`id in (${sql.join(
        search.ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  }
  if (search.nameLike) conditions.push(sql`name ilike ${`%${escapeLike(search.nameLike)}%`}`);
  if (search.status) conditions.push(sql`status = ${search.status}`);
  if (search.course)
    conditions.push(sql`(learning_state -> 'courses') @> ${JSON.stringify([search.course])}::jsonb`);
  return sql.join(conditions, sql` and `);
}

/** One page of learners matching every given filter, the most recently active first. */
export async function searchLearners(db: Database, search: LearnerSearch) {
  const where = learnerFilter(search);
  if (!where) return { items: [] as LearnerRow[], total: 0 };
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select id, phone, name, status, learning_state ->> 'course' as course,
        last_inbound_at, count(*) over () as total
      from users where ${where}
      order by last_inbound_at desc nulls last, created_at desc, id
      limit ${search.pageSize} offset ${(search.page - 1) * search.pageSize}`),
  );
  const total = rows[0] ? Number(rows[0].total) : await countLearners(db, where, search.page);
  return {
    items: rows.map((r): LearnerRow => ({
      id: String(r.id),
      phone: String(r.phone),
      name: r.name == null ? null : String(r.name),
      status: r.status as LearnerStatus,
      course: r.course == null ? null : String(r.course),
      lastInboundAt: r.last_inbound_at == null ? null : new Date(String(r.last_inbound_at)),
    })),
    total,
  };
}

/** The total when the page asked for is past the end (no row carried it). */
async function countLearners(db: Database, where: SQL, page: number): Promise<number> {
  if (page === 1) return 0;
  const [row] = rowsOf<{ n: unknown }>(await db.execute(sql`select count(*) as n from users where ${where}`));
  return Number(row?.n ?? 0);
}

/** Every course slug some learner chose, for the search form's course filter. */
export async function chosenCourses(db: Database): Promise<string[]> {
  const rows = rowsOf<{ course: string }>(
    await db.execute(sql`select distinct jsonb_array_elements_text(learning_state -> 'courses') as course
      from users where jsonb_typeof(learning_state -> 'courses') = 'array' order by 1`),
  );
  return rows.map((r) => r.course);
}

export interface TimelineEntry {
  direction: 'in' | 'out';
  id: number;
  at: Date;
  /** What was said: the text, a button's title, or the kind of message. */
  text: string;
  /** In: pending, processed, failed. Out: queued, sent, delivered, read, failed, held, dead. */
  status: string;
  /** Why it failed, when it did (the provider's error code or our last error). */
  error: string | null;
}

const OUT_STATUS = sql`case
  when o.status in ('held', 'dead') then o.status
  when o.status <> 'sent' then 'queued'
  when d.status in ('failed', 'undelivered') then 'failed'
  when d.status in ('read', 'delivered') then d.status
  else 'sent' end`;

/** The learner's messages both ways, newest first, one page. */
export async function learnerTimeline(db: Database, userId: string, page: number, pageSize: number) {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select * , count(*) over () as total from (
        select 'in' as direction, i.id, i.received_at as at, i.event as body, i.status, i.error
          from inbound_messages i where i.user_id = ${userId}
        union all
        select 'out', o.id, o.created_at, o.payload, ${OUT_STATUS},
          coalesce(case when d.error_code is not null then 'provider error ' || d.error_code end, o.last_error)
          from outbox o left join delivery_statuses d
            on d.channel = o.channel and d.provider_id = o.provider_id
          where o.user_id = ${userId}) messages
      order by at desc, direction, id desc
      limit ${pageSize} offset ${(page - 1) * pageSize}`),
  );
  return {
    items: rows.map((r): TimelineEntry => ({
      direction: r.direction === 'in' ? 'in' : 'out',
      id: Number(r.id),
      at: new Date(String(r.at)),
      text: textOf(typeof r.body === 'string' ? safeJson(r.body) : r.body),
      status: String(r.status),
      error: r.error == null ? null : String(r.error),
    })),
    total: rows[0] ? Number(rows[0].total) : 0,
  };
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** A stored inbound event or outbound payload as one line an operator reads. */
function textOf(body: unknown): string {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object') return '';
  const record = body as Record<string, unknown>;
  if (typeof record.text === 'string') return record.text;
  if (record.message && typeof record.message === 'object') return textOf(record.message);
  if (typeof record.title === 'string') return `[${record.title}]`;
  if (typeof record.kind === 'string') return `(${record.kind})`;
  if (typeof record.type === 'string') return `(${record.type})`;
  return '';
}

export interface LearnerProgressRow {
  course: string;
  lessons: number;
  attempts: number;
  passed: number;
}

/** Lessons finished and quiz attempts per course, for the profile's progress table. */
export async function learnerProgressByCourse(db: Database, userId: string): Promise<LearnerProgressRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select course,
        count(distinct lesson) filter (where kind = 'lesson') as lessons,
        count(*) filter (where kind = 'quiz') as attempts,
        count(*) filter (where kind = 'quiz' and passed) as passed
      from (
        select course, lesson, 'lesson' as kind, true as passed from lesson_completions where user_id = ${userId}
        union all
        select course, lesson, 'quiz', passed from quiz_attempts where user_id = ${userId}) done
      group by course order by course`),
  );
  return rows.map((r) => ({
    course: String(r.course),
    lessons: Number(r.lessons),
    attempts: Number(r.attempts),
    passed: Number(r.passed),
  }));
}

/** The learner's status now; the operator's opt-out for them, when they are active. */
export async function optOutLearner(db: Database, userId: string): Promise<LearnerStatus | undefined> {
  const rows = rowsOf<{ status: LearnerStatus }>(
    await db.execute(sql`update users set status = case when status = 'active' then 'opted_out' else status end,
        updated_at = greatest(now(), updated_at + interval '1 microsecond')
      where id = ${userId} returning status`),
  );
  return rows[0]?.status;
}
