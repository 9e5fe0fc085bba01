import { and, eq, isNull, max, sql } from 'drizzle-orm';
import type { Language, Lesson, Question } from '../../content/types.js';
import type { Database, Tx } from '../client.js';
import { courses, lessons, questions, type LessonRow, type QuestionRow } from '../schema/content.js';
import { lessonColumns, lessonFromRow, questionColumns, questionFromRow } from './content.js';

/*
 * Lesson and question writes from the admin API. Rows that came from content/ files belong to
 * `npm run content:sync` (which would undo an edit on the next start): those are refused.
 */

/** Why a write did not happen; the HTTP layer turns each into 404 or 409. */
export type ContentRefusal =
  | { reason: 'no-course' }
  | { reason: 'no-lesson' }
  | { reason: 'no-question' }
  | { reason: 'exists'; archived: boolean }
  | { reason: 'from-files' }
  | { reason: 'quiz-full'; limit: number }
  | { reason: 'last-question' };

export type ContentWrite<T> = { ok: true; value: T } | ({ ok: false } & ContentRefusal);

/** Schema limits of lesson.schema.json's `quiz`, checked against what is stored. */
export const QUIZ_LIMITS = { min: 1, max: 5 };

const refuse = <T>(refusal: ContentRefusal): ContentWrite<T> => ({ ok: false, ...refusal });
const done = <T>(value: T): ContentWrite<T> => ({ ok: true, value });

const lessonKey = (courseSlug: string, slug: string) =>
  and(eq(lessons.courseSlug, courseSlug), eq(lessons.slug, slug));
const questionKey = (courseSlug: string, lessonSlug: string, id: string) =>
  and(eq(questions.courseSlug, courseSlug), eq(questions.lessonSlug, lessonSlug), eq(questions.id, id));

async function findLesson(tx: Tx, courseSlug: string, slug: string): Promise<LessonRow | undefined> {
  const [row] = await tx.select().from(lessons).where(lessonKey(courseSlug, slug)).for('update');
  return row;
}

async function lessonWithQuiz(tx: Tx, row: LessonRow): Promise<Lesson> {
  const rows = await tx
    .select()
    .from(questions)
    .where(
      and(
        eq(questions.courseSlug, row.courseSlug),
        eq(questions.lessonSlug, row.slug),
        isNull(questions.archivedAt),
      ),
    )
    .orderBy(questions.position, questions.id);
  return lessonFromRow(row, rows.map(questionFromRow));
}

/** Writes `quiz` as the lesson's admin questions, in order; the lesson's other live questions are archived. */
async function replaceQuiz(tx: Tx, courseSlug: string, lessonSlug: string, quiz: Question[]): Promise<void> {
  const keep = new Set(quiz.map((question) => question.id));
  const existing = await tx
    .select()
    .from(questions)
    .where(and(eq(questions.courseSlug, courseSlug), eq(questions.lessonSlug, lessonSlug)));
  for (const row of existing)
    if (!keep.has(row.id) && !row.archivedAt)
      await tx
        .update(questions)
        .set({ archivedAt: sql`now()` })
        .where(questionKey(courseSlug, lessonSlug, row.id));
  for (const [position, question] of quiz.entries()) {
    const values = { ...questionColumns(question), position, source: 'admin' as const, archivedAt: null };
    await tx
      .insert(questions)
      .values({ ...values, courseSlug, lessonSlug })
      .onConflictDoUpdate({
        target: [questions.courseSlug, questions.lessonSlug, questions.id],
        set: { ...values, updatedAt: sql`now()` },
      });
  }
}

export interface ContentAdmin {
  /** The languages a course is written in, or undefined for an unknown course. */
  courseLanguages(slug: string): Promise<Language[] | undefined>;
  createLesson(courseSlug: string, lesson: Lesson): Promise<ContentWrite<Lesson>>;
  /** Replaces the lesson and its quiz; an archived lesson comes back. */
  updateLesson(courseSlug: string, lesson: Lesson): Promise<ContentWrite<Lesson>>;
  archiveLesson(courseSlug: string, lessonSlug: string): Promise<ContentWrite<null>>;
  createQuestion(courseSlug: string, lessonSlug: string, question: Question): Promise<ContentWrite<Question>>;
  /** Replaces the question; an archived question comes back (at the end of the quiz). */
  updateQuestion(courseSlug: string, lessonSlug: string, question: Question): Promise<ContentWrite<Question>>;
  archiveQuestion(courseSlug: string, lessonSlug: string, id: string): Promise<ContentWrite<null>>;
}

export function contentAdmin(db: Database): ContentAdmin {
  const courseExists = async (tx: Tx, slug: string) =>
    (await tx.select({ slug: courses.slug }).from(courses).where(eq(courses.slug, slug))).length > 0;

  /** The live lesson the question routes work on, or why there is none. */
  const lessonFor = async (
    tx: Tx,
    courseSlug: string,
    lessonSlug: string,
  ): Promise<ContentWrite<LessonRow>> => {
    if (!(await courseExists(tx, courseSlug))) return refuse({ reason: 'no-course' });
    const row = await findLesson(tx, courseSlug, lessonSlug);
    return row && !row.archivedAt ? done(row) : refuse({ reason: 'no-lesson' });
  };

  const liveQuestions = async (tx: Tx, courseSlug: string, lessonSlug: string): Promise<QuestionRow[]> =>
    tx
      .select()
      .from(questions)
      .where(
        and(
          eq(questions.courseSlug, courseSlug),
          eq(questions.lessonSlug, lessonSlug),
          isNull(questions.archivedAt),
        ),
      );

  return {
    async courseLanguages(slug) {
      const [row] = await db
        .select({ languages: courses.languages })
        .from(courses)
        .where(eq(courses.slug, slug));
      return row?.languages;
    },

    createLesson: (courseSlug, lesson) =>
      db.transaction(async (tx) => {
        if (!(await courseExists(tx, courseSlug))) return refuse({ reason: 'no-course' });
        const existing = await findLesson(tx, courseSlug, lesson.slug);
        if (existing) return refuse({ reason: 'exists', archived: existing.archivedAt !== null });
        const [last] = await tx
          .select({ position: max(lessons.position) })
          .from(lessons)
          .where(eq(lessons.courseSlug, courseSlug));
        const [row] = await tx
          .insert(lessons)
          .values({
            ...lessonColumns(lesson),
            courseSlug,
            position: (last?.position ?? -1) + 1,
            source: 'admin',
          })
          .returning();
        await replaceQuiz(tx, courseSlug, lesson.slug, lesson.quiz);
        return done(await lessonWithQuiz(tx, row!));
      }),

    updateLesson: (courseSlug, lesson) =>
      db.transaction(async (tx) => {
        if (!(await courseExists(tx, courseSlug))) return refuse({ reason: 'no-course' });
        const existing = await findLesson(tx, courseSlug, lesson.slug);
        if (!existing) return refuse({ reason: 'no-lesson' });
        if (existing.source === 'files') return refuse({ reason: 'from-files' });
        const [row] = await tx
          .update(lessons)
          .set({ ...lessonColumns(lesson), archivedAt: null, updatedAt: sql`now()` })
          .where(lessonKey(courseSlug, lesson.slug))
          .returning();
        await replaceQuiz(tx, courseSlug, lesson.slug, lesson.quiz);
        return done(await lessonWithQuiz(tx, row!));
      }),

    archiveLesson: (courseSlug, lessonSlug) =>
      db.transaction(async (tx) => {
        const found = await lessonFor(tx, courseSlug, lessonSlug);
        if (!found.ok) return found;
        if (found.value.source === 'files') return refuse({ reason: 'from-files' });
        await tx
          .update(lessons)
          .set({ archivedAt: sql`now()` })
          .where(lessonKey(courseSlug, lessonSlug));
        return done(null);
      }),

    createQuestion: (courseSlug, lessonSlug, question) =>
      db.transaction(async (tx) => {
        const found = await lessonFor(tx, courseSlug, lessonSlug);
        if (!found.ok) return found;
        const [existing] = await tx
          .select()
          .from(questions)
          .where(questionKey(courseSlug, lessonSlug, question.id));
        if (existing) return refuse({ reason: 'exists', archived: existing.archivedAt !== null });
        const live = await liveQuestions(tx, courseSlug, lessonSlug);
        if (live.length >= QUIZ_LIMITS.max) return refuse({ reason: 'quiz-full', limit: QUIZ_LIMITS.max });
        const position = Math.max(-1, ...live.map((row) => row.position)) + 1;
        const [row] = await tx
          .insert(questions)
          .values({ ...questionColumns(question), courseSlug, lessonSlug, position, source: 'admin' })
          .returning();
        return done(questionFromRow(row!));
      }),

    updateQuestion: (courseSlug, lessonSlug, question) =>
      db.transaction(async (tx) => {
        const found = await lessonFor(tx, courseSlug, lessonSlug);
        if (!found.ok) return found;
        const [existing] = await tx
          .select()
          .from(questions)
          .where(questionKey(courseSlug, lessonSlug, question.id));
        if (!existing) return refuse({ reason: 'no-question' });
        if (existing.source === 'files') return refuse({ reason: 'from-files' });
        const live = await liveQuestions(tx, courseSlug, lessonSlug);
        let position = existing.position;
        if (existing.archivedAt) {
          if (live.length >= QUIZ_LIMITS.max) return refuse({ reason: 'quiz-full', limit: QUIZ_LIMITS.max });
          position = Math.max(-1, ...live.map((row) => row.position)) + 1;
        }
        const [row] = await tx
          .update(questions)
          .set({ ...questionColumns(question), position, archivedAt: null, updatedAt: sql`now()` })
          .where(questionKey(courseSlug, lessonSlug, question.id))
          .returning();
        return done(questionFromRow(row!));
      }),

    archiveQuestion: (courseSlug, lessonSlug, id) =>
      db.transaction(async (tx) => {
        const found = await lessonFor(tx, courseSlug, lessonSlug);
        if (!found.ok) return found;
        const live = await liveQuestions(tx, courseSlug, lessonSlug);
        const existing = live.find((row) => row.id === id);
        if (!existing) return refuse({ reason: 'no-question' });
        if (existing.source === 'files') return refuse({ reason: 'from-files' });
        if (live.length <= QUIZ_LIMITS.min) return refuse({ reason: 'last-question' });
        await tx
          .update(questions)
          .set({ archivedAt: sql`now()` })
          .where(questionKey(courseSlug, lessonSlug, id));
        return done(null);
      }),
  };
}
