import { asc, eq } from 'drizzle-orm';
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
