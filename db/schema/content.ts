import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type {
  Category,
  CourseBonus,
  CourseDifficulty,
  Language,
  Localized,
  Media,
  QuestionDifficulty,
  QuestionType,
} from '../../content/types.js';
import { at, timestamps } from './columns.js';

/*
 * Courses, lessons and quiz questions, keyed by slug so progress rows (which name them by slug)
 * keep pointing at them. Nothing is deleted: a lesson or question removed is archived
 * (`archived_at`) and comes back when it is added again.
 */

/** Who writes a row: `files` rows are owned by content/ and `npm run content:sync`; `admin` rows by the admin API. */
export type ContentSource = 'files' | 'admin';

export const courses = pgTable('courses', {
  slug: text('slug').primaryKey(),
  title: jsonb('title').$type<Localized>().notNull(),
  description: jsonb('description').$type<Localized>().notNull(),
  category: text('category').$type<Category>().notNull(),
  difficulty: text('difficulty').$type<CourseDifficulty>().notNull(),
  languages: jsonb('languages').$type<Language[]>().notNull(),
  premium: boolean('premium').notNull().default(false),
  passMark: integer('pass_mark').notNull(),
  position: integer('position').notNull().default(0),
  /** course.yaml's `bonus:` (null when it has none). */
  bonus: jsonb('bonus').$type<CourseBonus[]>(),
  archivedAt: at('archived_at'),
  ...timestamps,
});

export const lessons = pgTable(
  'lessons',
  {
    courseSlug: text('course_slug')
      .notNull()
      .references(() => courses.slug),
    slug: text('slug').notNull(),
    title: jsonb('title').$type<Localized>().notNull(),
    body: jsonb('body').$type<Localized>().notNull(),
    media: jsonb('media').$type<Media>(),
    estimatedMinutes: integer('estimated_minutes').notNull(),
    position: integer('position').notNull(),
    source: text('source').$type<ContentSource>().notNull().default('files'),
    archivedAt: at('archived_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'lessons_pk', columns: [t.courseSlug, t.slug] }),
    index('lessons_course_position_idx').on(t.courseSlug, t.position),
  ],
);

/** The fields of a question that depend on its type (options, answer(s), accepted, pattern, tolerance). */
export type QuestionDetails = Record<string, unknown>;

export const questions = pgTable(
  'questions',
  {
    courseSlug: text('course_slug').notNull(),
    lessonSlug: text('lesson_slug').notNull(),
    id: text('id').notNull(),
    type: text('type').$type<QuestionType>().notNull(),
    difficulty: text('difficulty').$type<QuestionDifficulty>().notNull(),
    question: jsonb('question').$type<Localized>().notNull(),
    explanation: jsonb('explanation').$type<Localized>().notNull(),
    details: jsonb('details').$type<QuestionDetails>().notNull(),
    position: integer('position').notNull(),
    source: text('source').$type<ContentSource>().notNull().default('files'),
    archivedAt: at('archived_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'questions_pk', columns: [t.courseSlug, t.lessonSlug, t.id] }),
    foreignKey({
      name: 'questions_lesson_fk',
      columns: [t.courseSlug, t.lessonSlug],
      foreignColumns: [lessons.courseSlug, lessons.slug],
    }),
  ],
);

export type CourseRow = typeof courses.$inferSelect;
export type LessonRow = typeof lessons.$inferSelect;
export type QuestionRow = typeof questions.$inferSelect;
