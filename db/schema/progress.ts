import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at } from './columns.js';
import { users } from './users.js';

/*
 * What learners did, as the engine services record it after each turn. Courses and lessons are
 * named by slug, not by foreign key: content is synced separately and archived, never deleted.
 * Every table has a unique key so a service call run again after a crash adds nothing.
 */

const learner = () =>
  uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });

/** One finished lesson: when it started and ended and how long the learner spent on it. */
export const lessonCompletions = pgTable(
  'lesson_completions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: learner(),
    course: text('course').notNull(),
    lesson: text('lesson').notNull(),
    startedAt: at('started_at'),
    completedAt: at('completed_at').notNull(),
    secondsSpent: integer('seconds_spent').notNull().default(0),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('lesson_completions_uq').on(t.userId, t.course, t.lesson, t.completedAt),
    index('lesson_completions_user_idx').on(t.userId, t.completedAt),
  ],
);

export interface QuizAnswer {
  question: string;
  answer: string;
  correct: boolean;
}

/** Every quiz attempt is kept (retries too), numbered per learner and lesson. */
export const quizAttempts = pgTable(
  'quiz_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: learner(),
    course: text('course').notNull(),
    lesson: text('lesson').notNull(),
    attempt: integer('attempt').notNull(),
    score: integer('score').notNull(),
    total: integer('total').notNull(),
    passed: boolean('passed').notNull(),
    answers: jsonb('answers').$type<QuizAnswer[]>().notNull().default([]),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('quiz_attempts_uq').on(t.userId, t.course, t.lesson, t.attempt)],
);

/** One answered review question with the FSRS card as it stood after the answer. */
export const reviewEvents = pgTable(
  'review_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: learner(),
    question: text('question').notNull(),
    correct: boolean('correct').notNull(),
    card: jsonb('card').$type<Record<string, unknown>>(),
    /** The card after a review differs from every earlier one (reps, last review): a natural key. */
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('review_events_uq').on(t.userId, t.idempotencyKey),
    index('review_events_question_idx').on(t.question),
  ],
);

/** A learner's rating (1–5) and optional comment. */
export const feedback = pgTable(
  'feedback',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: learner(),
    rating: integer('rating').notNull(),
    comment: text('comment'),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('feedback_uq').on(t.userId, t.idempotencyKey)],
);

/** A learner paused by the flows (say, after the last unanswered reminder), and why. */
export const learnerPauses = pgTable(
  'learner_pauses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: learner(),
    reason: text('reason').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('learner_pauses_uq').on(t.userId, t.idempotencyKey)],
);

export type LessonCompletion = typeof lessonCompletions.$inferSelect;
export type QuizAttempt = typeof quizAttempts.$inferSelect;
export type ReviewEvent = typeof reviewEvents.$inferSelect;
export type Feedback = typeof feedback.$inferSelect;
export type LearnerPause = typeof learnerPauses.$inferSelect;
