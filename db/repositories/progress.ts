import { and, asc, countDistinct, eq, gte, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import {
  feedback,
  learnerPauses,
  lessonCompletions,
  quizAttempts,
  reviewEvents,
  type QuizAnswer,
} from '../schema/progress.js';

export interface NewLessonCompletion {
  userId: string;
  course: string;
  lesson: string;
  startedAt: Date | null;
  completedAt: Date;
  secondsSpent: number;
  at: Date;
}

export interface NewQuizAttempt {
  userId: string;
  course: string;
  lesson: string;
  attempt: number;
  score: number;
  total: number;
  passed: boolean;
  answers: QuizAnswer[];
  at: Date;
}

export interface NewReviewEvent {
  userId: string;
  question: string;
  correct: boolean;
  card: Record<string, unknown> | null;
  idempotencyKey: string;
  at: Date;
}

export interface NewFeedback {
  userId: string;
  rating: number;
  comment: string | null;
  idempotencyKey: string;
  at: Date;
}

export interface NewPause {
  userId: string;
  reason: string;
  idempotencyKey: string;
  at: Date;
}

/**
 * What learners did, written by the engine services. Each `record*` stores the row once: a call
 * repeated after a crash hits the table's unique key and adds nothing (returns false).
 */
export function progressRepository(db: Database) {
  return {
    async recordLessonCompletion({ at, ...row }: NewLessonCompletion): Promise<boolean> {
      const written = await db
        .insert(lessonCompletions)
        .values({ ...row, createdAt: at })
        .onConflictDoNothing()
        .returning({ id: lessonCompletions.id });
      return written.length > 0;
    },

    async recordQuizAttempt({ at, ...row }: NewQuizAttempt): Promise<boolean> {
      const written = await db
        .insert(quizAttempts)
        .values({ ...row, createdAt: at })
        .onConflictDoNothing()
        .returning({ id: quizAttempts.id });
      return written.length > 0;
    },

    async recordReview({ at, ...row }: NewReviewEvent): Promise<boolean> {
      const written = await db
        .insert(reviewEvents)
        .values({ ...row, createdAt: at })
        .onConflictDoNothing()
        .returning({ id: reviewEvents.id });
      return written.length > 0;
    },

    async recordFeedback({ at, ...row }: NewFeedback): Promise<boolean> {
      const written = await db
        .insert(feedback)
        .values({ ...row, createdAt: at })
        .onConflictDoNothing()
        .returning({ id: feedback.id });
      return written.length > 0;
    },

    async recordPause({ at, ...row }: NewPause): Promise<boolean> {
      const written = await db
        .insert(learnerPauses)
        .values({ ...row, createdAt: at })
        .onConflictDoNothing()
        .returning({ id: learnerPauses.id });
      return written.length > 0;
    },

    /** Every learner's quiz attempts at a course's lessons (or one lesson's), in the order they were made. */
    async quizAttemptsAt({ course, lesson }: { course: string; lesson?: string }) {
      return db
        .select({
          userId: quizAttempts.userId,
          lesson: quizAttempts.lesson,
          attempt: quizAttempts.attempt,
          answers: quizAttempts.answers,
        })
        .from(quizAttempts)
        .where(and(eq(quizAttempts.course, course), lesson ? eq(quizAttempts.lesson, lesson) : undefined))
        .orderBy(asc(quizAttempts.createdAt), asc(quizAttempts.attempt), asc(quizAttempts.id));
    },

    /**
     * How many learners have each question of a course (or lesson) as a leech, by review card id
     * (`course/lesson/question`): a learner counts once however many reviews stored the flag.
     */
    async leechLearners({
      course,
      lesson,
    }: {
      course: string;
      lesson?: string;
    }): Promise<Map<string, number>> {
      const prefix = lesson ? `${course}/${lesson}/` : `${course}/`;
      const rows = await db
        .select({ question: reviewEvents.question, learners: countDistinct(reviewEvents.userId) })
        .from(reviewEvents)
        .where(
          and(
            sql`left(${reviewEvents.question}, ${prefix.length}) = ${prefix}`,
            sql`${reviewEvents.card}->>'leech' = 'true'`,
          ),
        )
        .groupBy(reviewEvents.question);
      return new Map(rows.map((row) => [row.question, row.learners]));
    },

    /** When the learner finished lessons, took quizzes and answered review questions since `from` (the progress picture's week). */
    async activitySince(userId: string, from: Date) {
      const [lessons, quizzes, reviews] = await Promise.all([
        db
          .select({ at: lessonCompletions.completedAt })
          .from(lessonCompletions)
          .where(and(eq(lessonCompletions.userId, userId), gte(lessonCompletions.completedAt, from))),
        db
          .select({ at: quizAttempts.createdAt })
          .from(quizAttempts)
          .where(and(eq(quizAttempts.userId, userId), gte(quizAttempts.createdAt, from))),
        db
          .select({ at: reviewEvents.createdAt })
          .from(reviewEvents)
          .where(and(eq(reviewEvents.userId, userId), gte(reviewEvents.createdAt, from))),
      ]);
      const instants = (rows: { at: Date }[]) => rows.map((row) => row.at);
      return { lessons: instants(lessons), quizzes: instants(quizzes), reviews: instants(reviews) };
    },

    /** The learner's quizzes since `from`: when each was taken and how many answers were right. */
    async quizScoresSince(userId: string, from: Date) {
      return db
        .select({ at: quizAttempts.createdAt, score: quizAttempts.score, total: quizAttempts.total })
        .from(quizAttempts)
        .where(and(eq(quizAttempts.userId, userId), gte(quizAttempts.createdAt, from)));
    },

    /** Everything the learner did, oldest first per kind (for the export and the progress views). */
    async ofLearner(userId: string) {
      const [lessons, attempts, reviews, ratings, pauses] = await Promise.all([
        db
          .select()
          .from(lessonCompletions)
          .where(eq(lessonCompletions.userId, userId))
          .orderBy(asc(lessonCompletions.completedAt), asc(lessonCompletions.id)),
        db
          .select()
          .from(quizAttempts)
          .where(eq(quizAttempts.userId, userId))
          .orderBy(asc(quizAttempts.createdAt), asc(quizAttempts.id)),
        db
          .select()
          .from(reviewEvents)
          .where(eq(reviewEvents.userId, userId))
          .orderBy(asc(reviewEvents.createdAt), asc(reviewEvents.id)),
        db
          .select()
          .from(feedback)
          .where(eq(feedback.userId, userId))
          .orderBy(asc(feedback.createdAt), asc(feedback.id)),
        db
          .select()
          .from(learnerPauses)
          .where(eq(learnerPauses.userId, userId))
          .orderBy(asc(learnerPauses.createdAt), asc(learnerPauses.id)),
      ]);
      return { lessons, attempts, reviews, feedback: ratings, pauses };
    },
  };
}

export type ProgressRepository = ReturnType<typeof progressRepository>;
