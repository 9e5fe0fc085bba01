/*
 * Courses, lessons and questions as the dashboard's content pages list them: with who owns each
 * row (`files`: content/ and `npm run content:sync`; `admin`: the admin API and the dashboard) and
 * archived rows marked. Writes go through content-admin.ts.
 */
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Question } from '../../content/types.js';
import type { Database } from '../client.js';
import { courses, lessons, questions, type ContentSource, type CourseRow } from '../schema/content.js';
import { lessonFromRow, questionFromRow } from './content.js';
import type { Lesson } from '../../content/types.js';

export interface LessonListed {
  slug: string;
  title: Lesson['title'];
  position: number;
  source: ContentSource;
  archived: boolean;
  questions: number;
}

export interface QuestionStored {
  question: Question;
  source: ContentSource;
}

export interface LessonStored {
  course: CourseRow;
  lesson: Lesson;
  source: ContentSource;
  /** The live questions, in quiz order. */
  quiz: QuestionStored[];
}

export async function listCourses(db: Database): Promise<(CourseRow & { lessons: number })[]> {
  const [rows, counts] = await Promise.all([
    db.select().from(courses).orderBy(asc(courses.position), asc(courses.slug)),
    db
      .select({ course: lessons.courseSlug, n: count() })
      .from(lessons)
      .where(isNull(lessons.archivedAt))
      .groupBy(lessons.courseSlug),
  ]);
  const byCourse = new Map(counts.map((row) => [row.course, row.n]));
  return rows.map((row) => ({ ...row, lessons: byCourse.get(row.slug) ?? 0 }));
}

/** The course and its lessons in teaching order (archived ones too), or undefined for an unknown course. */
export async function courseWithLessons(
  db: Database,
  slug: string,
): Promise<{ course: CourseRow; lessons: LessonListed[] } | undefined> {
  const [course] = await db.select().from(courses).where(eq(courses.slug, slug));
  if (!course) return undefined;
  const [rows, counts] = await Promise.all([
    db
      .select()
      .from(lessons)
      .where(eq(lessons.courseSlug, slug))
      .orderBy(asc(lessons.position), asc(lessons.slug)),
    db
      .select({ lesson: questions.lessonSlug, n: count() })
      .from(questions)
      .where(and(eq(questions.courseSlug, slug), isNull(questions.archivedAt)))
      .groupBy(questions.lessonSlug),
  ]);
  const byLesson = new Map(counts.map((row) => [row.lesson, row.n]));
  return {
    course,
    lessons: rows.map((row) => ({
      slug: row.slug,
      title: row.title,
      position: row.position,
      source: row.source,
      archived: row.archivedAt !== null,
      questions: byLesson.get(row.slug) ?? 0,
    })),
  };
}

/** One lesson as stored, with its live quiz; undefined when the course or lesson is unknown. */
export async function storedLesson(
  db: Database,
  courseSlug: string,
  lessonSlug: string,
): Promise<LessonStored | undefined> {
  const [[course], [row], rows] = await Promise.all([
    db.select().from(courses).where(eq(courses.slug, courseSlug)),
    db
      .select()
      .from(lessons)
      .where(and(eq(lessons.courseSlug, courseSlug), eq(lessons.slug, lessonSlug))),
    db
      .select()
      .from(questions)
      .where(
        and(
          eq(questions.courseSlug, courseSlug),
          eq(questions.lessonSlug, lessonSlug),
          isNull(questions.archivedAt),
        ),
      )
      .orderBy(asc(questions.position), asc(questions.id)),
  ]);
  if (!course || !row) return undefined;
  const quiz = rows.map((q) => ({ question: questionFromRow(q), source: q.source }));
  return {
    course,
    lesson: lessonFromRow(
      row,
      quiz.map((q) => q.question),
    ),
    source: row.source,
    quiz,
  };
}
