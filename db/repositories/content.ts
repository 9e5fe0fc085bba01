import { asc } from 'drizzle-orm';
import { catalogFromCourses, type ContentCatalog } from '../../content/catalog.js';
import { unlockedBy } from '../../content/plans.js';
import type { Course, Lesson, Plan, Question } from '../../content/types.js';
import type { Database, Tx } from '../client.js';
import {
  courses,
  lessons,
  questions,
  type CourseRow,
  type LessonRow,
  type QuestionDetails,
  type QuestionRow,
} from '../schema/content.js';

/** The columns a question is stored in: the common fields, and the rest (by type) as `details`. */
export function questionColumns(question: Question) {
  const { id, type, difficulty, question: text, explanation, ...details } = question;
  return { id, type, difficulty, question: text, explanation, details: details as QuestionDetails };
}

export function questionFromRow(row: QuestionRow): Question {
  const { id, type, difficulty, question, explanation } = row;
  return { ...row.details, id, type, difficulty, question, explanation } as Question;
}

export function lessonColumns(lesson: Lesson) {
  const { slug, title, body, estimatedMinutes } = lesson;
  return { slug, title, body, estimatedMinutes, media: lesson.media ?? null };
}

export function lessonFromRow(row: LessonRow, quiz: Question[]): Lesson {
  const lesson: Lesson = {
    slug: row.slug,
    title: row.title,
    estimatedMinutes: row.estimatedMinutes,
    body: row.body,
    quiz,
  };
  if (row.media) lesson.media = row.media;
  if (row.archivedAt) lesson.archived = true;
  return lesson;
}

/** A course's columns; its `order:` is the `position` column. */
export function courseColumns(course: Course) {
  const { slug, title, description, category, difficulty, languages, premium, passMark } = course;
  return {
    slug,
    title,
    description,
    category,
    difficulty,
    languages,
    premium,
    passMark,
    position: course.order,
    bonus: course.bonus?.length ? course.bonus : null,
  };
}

function courseFromRow(row: CourseRow, courseLessons: Lesson[]): Course {
  const { slug, title, description, category, difficulty, languages, premium, passMark, position } = row;
  const course: Course = {
    slug,
    order: position,
    title,
    description,
    category,
    difficulty,
    languages,
    premium,
    passMark,
    lessons: courseLessons,
  };
  if (row.bonus?.length) course.bonus = row.bonus;
  if (row.archivedAt) course.archived = true;
  return course;
}

const key = (...parts: string[]) => parts.join('\u0000');

/**
 * Every course with every lesson (archived ones marked `archived`) in order; each lesson's quiz
 * holds its questions that are not archived, in order.
 */
export async function loadCourses(db: Database | Tx): Promise<Course[]> {
  const [courseRows, lessonRows, questionRows] = await Promise.all([
    db.select().from(courses).orderBy(asc(courses.position), asc(courses.slug)),
    db.select().from(lessons).orderBy(asc(lessons.courseSlug), asc(lessons.position), asc(lessons.slug)),
    db
      .select()
      .from(questions)
      .orderBy(
        asc(questions.courseSlug),
        asc(questions.lessonSlug),
        asc(questions.position),
        asc(questions.id),
      ),
  ]);
  const quizzes = new Map<string, Question[]>();
  for (const row of questionRows) {
    if (row.archivedAt) continue;
    const lessonKey = key(row.courseSlug, row.lessonSlug);
    quizzes.set(lessonKey, [...(quizzes.get(lessonKey) ?? []), questionFromRow(row)]);
  }
  const byCourse = new Map<string, Lesson[]>();
  for (const row of lessonRows) {
    const lesson = lessonFromRow(row, quizzes.get(key(row.courseSlug, row.slug)) ?? []);
    byCourse.set(row.courseSlug, [...(byCourse.get(row.courseSlug) ?? []), lesson]);
  }
  return courseRows.map((row) => courseFromRow(row, byCourse.get(row.slug) ?? []));
}

export interface RefreshableCatalog extends ContentCatalog {
  /** Reads the content tables again and swaps the snapshot in once read; turns keep reading the old one meanwhile. */
  refresh(): Promise<void>;
}

/**
 * A ContentCatalog over an in-memory snapshot of the content tables, read now: turns never
 * query for content. Call `refresh()` after a sync and after every admin write.
 */
export async function catalogFromDatabase(
  db: Database,
  /** The plans on sale (content/plans.yaml is not synced into tables): read on every call, so a reload shows at once. */
  plans: () => readonly Plan[] = () => [],
): Promise<RefreshableCatalog> {
  let snapshot = catalogFromCourses(await loadCourses(db));
  let started = 0;
  let applied = 0;
  return {
    courses: () => snapshot.courses(),
    course: (slug) => snapshot.course(slug),
    lessons: (courseSlug) => snapshot.lessons(courseSlug),
    lesson: (courseSlug, lessonSlug) => snapshot.lesson(courseSlug, lessonSlug),
    plans: () => [...plans()],
    plan: (id) => plans().find((plan) => plan.id === id),
    plansFor: (courseSlug) => (snapshot.course(courseSlug)?.premium ? unlockedBy(plans(), courseSlug) : []),
    async refresh() {
      const mine = ++started;
      const next = catalogFromCourses(await loadCourses(db));
      // Two refreshes at once: the one that started last wins, whichever finishes first.
      if (mine > applied) {
        applied = mine;
        snapshot = next;
      }
    },
  };
}
