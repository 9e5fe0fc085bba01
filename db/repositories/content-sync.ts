import { and, eq, sql } from 'drizzle-orm';
import { publishedQuestions } from '../../content/catalog.js';
import type { Course, Lesson } from '../../content/types.js';
import type { Database, Tx } from '../client.js';
import { courses, lessons, questions, type LessonRow, type QuestionRow } from '../schema/content.js';
import { courseColumns, lessonColumns, questionColumns } from './content.js';

export interface SyncCounts {
  created: number;
  updated: number;
  /** Archived before and back in the files: un-archived (and updated). */
  restored: number;
  archived: number;
  unchanged: number;
}

export interface SyncSummary {
  courses: SyncCounts;
  lessons: SyncCounts;
  questions: SyncCounts;
  /** False when the database already matched the files. */
  changed: boolean;
}

export interface SyncOptions {
  /** Called as lessons are written: `done` of `total` courses and lessons. */
  onProgress?: (done: number, total: number) => void;
}

// Any constant works; two processes starting at once sync one after the other.
const SYNC_LOCK = 727_005;

const counts = (): SyncCounts => ({ created: 0, updated: 0, restored: 0, archived: 0, unchanged: 0 });

/** JSON with object keys sorted and undefined dropped: jsonb does not keep key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

type Outcome = 'created' | 'updated' | 'restored' | 'unchanged';

/** What writing `wanted` over `row` amounts to; `row` may carry more columns than `wanted`. */
function outcome(row: { archivedAt: Date | null } | undefined, wanted: object): Outcome {
  if (!row) return 'created';
  if (row.archivedAt) return 'restored';
  const current = Object.fromEntries(
    Object.keys(wanted).map((k) => [k, (row as Record<string, unknown>)[k]]),
  );
  return canonical(current) === canonical(wanted) ? 'unchanged' : 'updated';
}

/**
 * Makes the content tables match `set` (checked content from content/), in ONE transaction:
 * upserts by slug, archives file-owned lessons and questions (and courses) no longer in the
 * files, restores ones that came back. Rows created through the admin API are left alone but
 * ordered after the files' ones. Running it twice changes nothing the second time.
 */
export async function syncContent(
  db: Database,
  set: { courses: Course[] },
  options: SyncOptions = {},
): Promise<SyncSummary> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SYNC_LOCK})`);
    const summary: SyncSummary = {
      courses: counts(),
      lessons: counts(),
      questions: counts(),
      changed: false,
    };
    const total = set.courses.reduce((sum, course) => sum + 1 + course.lessons.length, 0);
    let done = 0;
    const tick = () => options.onProgress?.(++done, total);
    const existing = new Map((await tx.select().from(courses)).map((row) => [row.slug, row]));
    const wantedCourses = [...set.courses].sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
    for (const course of wantedCourses) {
      const wanted = courseColumns(course);
      const result = outcome(existing.get(course.slug), wanted);
      summary.courses[result]++;
      if (result === 'created') await tx.insert(courses).values(wanted);
      else if (result !== 'unchanged')
        await tx
          .update(courses)
          .set({ ...wanted, archivedAt: null, updatedAt: sql`now()` })
          .where(eq(courses.slug, course.slug));
      tick();
      await syncLessons(tx, course, summary, tick);
    }
    const wantedSlugs = new Set(wantedCourses.map((course) => course.slug));
    for (const row of existing.values()) {
      if (wantedSlugs.has(row.slug) || row.archivedAt) continue;
      await tx
        .update(courses)
        .set({ archivedAt: sql`now()` })
        .where(eq(courses.slug, row.slug));
      summary.courses.archived++;
    }
    summary.changed = [summary.courses, summary.lessons, summary.questions].some(
      (c) => c.created + c.updated + c.restored + c.archived > 0,
    );
    return summary;
  });
}

async function syncLessons(tx: Tx, course: Course, summary: SyncSummary, tick: () => void): Promise<void> {
  const rows = await tx.select().from(lessons).where(eq(lessons.courseSlug, course.slug));
  const existing = new Map(rows.map((row) => [row.slug, row]));
  const allQuestions = await tx.select().from(questions).where(eq(questions.courseSlug, course.slug));
  const inFiles = new Set(course.lessons.map((lesson) => lesson.slug));
  const where = (slug: string) => and(eq(lessons.courseSlug, course.slug), eq(lessons.slug, slug));
  for (const [position, lesson] of course.lessons.entries()) {
    const wanted = { ...lessonColumns(lesson), position, source: 'files' as const };
    const result = outcome(existing.get(lesson.slug), wanted);
    summary.lessons[result]++;
    if (result === 'created') await tx.insert(lessons).values({ ...wanted, courseSlug: course.slug });
    else if (result !== 'unchanged')
      await tx
        .update(lessons)
        .set({ ...wanted, archivedAt: null, updatedAt: sql`now()` })
        .where(where(lesson.slug));
    const lessonQuestions = allQuestions.filter((q) => q.lessonSlug === lesson.slug);
    await syncQuestions(tx, course.slug, lesson, lessonQuestions, summary);
    tick();
  }
  // Admin-created lessons keep their order, after the files' lessons.
  const adminLessons = rows
    .filter((row) => !inFiles.has(row.slug) && row.source === 'admin')
    .sort(byPosition<LessonRow>((row) => row.slug));
  for (const [index, row] of adminLessons.entries()) {
    const position = course.lessons.length + index;
    if (row.position === position) continue;
    await tx.update(lessons).set({ position }).where(where(row.slug));
  }
  for (const row of rows) {
    if (inFiles.has(row.slug) || row.source !== 'files' || row.archivedAt) continue;
    await tx
      .update(lessons)
      .set({ archivedAt: sql`now()` })
      .where(where(row.slug));
    summary.lessons.archived++;
  }
}

async function syncQuestions(
  tx: Tx,
  courseSlug: string,
  lesson: Lesson,
  rows: QuestionRow[],
  summary: SyncSummary,
): Promise<void> {
  const existing = new Map(rows.map((row) => [row.id, row]));
  // A draft is as good as absent: never published, and a published question marked draft again is archived.
  const quiz = publishedQuestions(lesson);
  const inFiles = new Set(quiz.map((question) => question.id));
  const where = (id: string) =>
    and(eq(questions.courseSlug, courseSlug), eq(questions.lessonSlug, lesson.slug), eq(questions.id, id));
  const inserts = [];
  for (const [position, question] of quiz.entries()) {
    const wanted = { ...questionColumns(question), position, source: 'files' as const };
    const result = outcome(existing.get(question.id), wanted);
    summary.questions[result]++;
    if (result === 'created') inserts.push({ ...wanted, courseSlug, lessonSlug: lesson.slug });
    else if (result !== 'unchanged')
      await tx
        .update(questions)
        .set({ ...wanted, archivedAt: null, updatedAt: sql`now()` })
        .where(where(question.id));
  }
  if (inserts.length) await tx.insert(questions).values(inserts);
  const adminQuestions = rows
    .filter((row) => !inFiles.has(row.id) && row.source === 'admin')
    .sort(byPosition<QuestionRow>((row) => row.id));
  for (const [index, row] of adminQuestions.entries()) {
    const position = quiz.length + index;
    if (row.position !== position) await tx.update(questions).set({ position }).where(where(row.id));
  }
  for (const row of rows) {
    if (inFiles.has(row.id) || row.source !== 'files' || row.archivedAt) continue;
    await tx
      .update(questions)
      .set({ archivedAt: sql`now()` })
      .where(where(row.id));
    summary.questions.archived++;
  }
}

function byPosition<T extends { position: number }>(name: (row: T) => string) {
  return (a: T, b: T) => a.position - b.position || name(a).localeCompare(name(b));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line per kind for people: `lessons: 1 created, 2 updated, 1 archived, 9 unchanged`. */
export function describeSync(summary: SyncSummary): string[] {
  if (!summary.changed) {
    const { courses: c, lessons: l, questions: q } = summary;
    return [
      `Nothing changed: the database already matches the files (${plural(c.unchanged, 'course')}, ${plural(l.unchanged, 'lesson')}, ${plural(q.unchanged, 'question')}).`,
    ];
  }
  return (['courses', 'lessons', 'questions'] as const).map((kind) => {
    const c = summary[kind];
    const parts = [`${c.created} created`, `${c.updated} updated`];
    if (c.restored) parts.push(`${c.restored} restored`);
    parts.push(`${c.archived} archived`, `${c.unchanged} unchanged`);
    return `${kind}: ${parts.join(', ')}`;
  });
}
