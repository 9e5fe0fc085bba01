import type { Clock } from '../../engine/ports.js';
import type { ProgressRepository } from '../../db/repositories/progress.js';
import { LEECH_LAPSES, leagueRules } from '../../flows/learning/index.js';
import { dayOf, idempotencyKey, inputChecker } from './input.js';

/** One engine service: stores what the flow reported, at most once however often it is called. */
export type ServiceHandler = (userId: string, input: unknown) => Promise<void>;

export interface ProgressServiceDeps {
  progress: ProgressRepository;
  clock: Clock;
  /** League points for lessons, quizzes and reviews, added once per event (adapters/leagues/desk.ts). */
  league?: { award(userId: string, award: leagueRules.LeaguePointsAward): Promise<void> };
}

const slug = { type: 'string', minLength: 1, maxLength: 200 } as const;

interface LessonCompleted {
  course: string;
  lesson: string;
  startedAt?: string | null;
  completedAt: string;
  secondsSpent?: number | null;
}

const lessonCompleted = inputChecker<LessonCompleted>('lesson.completed', {
  type: 'object',
  properties: {
    course: slug,
    lesson: slug,
    startedAt: { type: 'string', format: 'date-time', nullable: true },
    completedAt: { type: 'string', format: 'date-time' },
    secondsSpent: { type: 'integer', minimum: 0, nullable: true },
  },
  required: ['course', 'lesson', 'completedAt'],
});

interface QuizAttempted {
  course: string;
  lesson: string;
  attempt: number;
  score: number;
  total: number;
  passed: boolean;
  answers: { question: string; answer: string; correct: boolean }[];
}

const quizAttempted = inputChecker<QuizAttempted>('quiz.attempt', {
  type: 'object',
  properties: {
    course: slug,
    lesson: slug,
    attempt: { type: 'integer', minimum: 1 },
    score: { type: 'integer', minimum: 0 },
    total: { type: 'integer', minimum: 0 },
    passed: { type: 'boolean' },
    answers: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        properties: {
          question: { type: 'string' },
          answer: { type: 'string' },
          correct: { type: 'boolean' },
        },
        required: ['question', 'answer', 'correct'],
      },
    },
  },
  required: ['course', 'lesson', 'attempt', 'score', 'total', 'passed', 'answers'],
});

interface ReviewAnswered {
  question: string;
  correct: boolean;
  card?: Record<string, unknown> | null;
}

const reviewAnswered = inputChecker<ReviewAnswered>('review.answered', {
  type: 'object',
  properties: {
    question: { type: 'string', minLength: 1 },
    correct: { type: 'boolean' },
    card: { type: 'object', nullable: true, required: [] },
  },
  required: ['question', 'correct'],
});

interface LearnerPaused {
  reason: string;
}

const learnerPaused = inputChecker<LearnerPaused>('learner.paused', {
  type: 'object',
  properties: { reason: { type: 'string', minLength: 1, default: 'unspecified' } },
  required: ['reason'],
});

interface FeedbackRecord {
  rating: number;
  comment?: string | null;
}

const feedbackRecord = inputChecker<FeedbackRecord>('feedback.record', {
  type: 'object',
  properties: {
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    comment: { type: 'string', nullable: true, maxLength: 4000 },
  },
  required: ['rating'],
});

/** A card after a review differs from every earlier one (reps, last review); without one, a day scopes the key. */
function reviewKey(input: ReviewAnswered, at: Date): string {
  const card = input.card ?? {};
  const distinct = 'reps' in card || 'lastReview' in card || 'last_review' in card;
  return idempotencyKey(input, distinct ? '' : dayOf(at));
}

/**
 * The card as stored, saying whether it is a leech (forgotten LEECH_LAPSES times): authors count
 * leeches from it, so a card whose flow left the flag out is judged by its lapses. A leech stays one.
 */
function withLeechFlag(card: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!card) return null;
  const lapses = typeof card.lapses === 'number' ? card.lapses : 0;
  return { ...card, leech: card.leech === true || lapses >= LEECH_LAPSES };
}

/**
 * The learner's progress services. Calls carry no request id, so each row's unique key comes from
 * the input: the completion time, the attempt number, the card's state, or (for ratings and
 * pauses, which have none) the input and the day: the same rating twice in one day counts once.
 */
export function progressServices({
  progress,
  clock,
  league,
}: ProgressServiceDeps): Record<string, ServiceHandler> {
  return {
    'lesson.completed': async (userId, raw) => {
      const input = lessonCompleted(raw);
      const completedAt = new Date(input.completedAt);
      const startedAt = input.startedAt ? new Date(input.startedAt) : null;
      const measured = startedAt ? Math.round((completedAt.getTime() - startedAt.getTime()) / 1000) : 0;
      await progress.recordLessonCompletion({
        userId,
        course: input.course,
        lesson: input.lesson,
        startedAt,
        completedAt,
        secondsSpent: input.secondsSpent ?? Math.max(0, measured),
        at: clock.now(),
      });
      await league?.award(userId, leagueRules.lessonPoints(input.course, input.lesson));
    },

    'quiz.attempt': async (userId, raw) => {
      const input = quizAttempted(raw);
      await progress.recordQuizAttempt({ userId, ...input, at: clock.now() });
      await league?.award(
        userId,
        leagueRules.quizPoints(input.course, input.lesson, input.attempt, input.score),
      );
    },

    'review.answered': async (userId, raw) => {
      const input = reviewAnswered(raw);
      const at = clock.now();
      await progress.recordReview({
        userId,
        question: input.question,
        correct: input.correct,
        card: withLeechFlag(input.card),
        idempotencyKey: reviewKey(input, at),
        at,
      });
      await league?.award(userId, leagueRules.reviewPoints(reviewKey(input, at)));
    },

    'learner.paused': async (userId, raw) => {
      const input = learnerPaused(raw);
      const at = clock.now();
      await progress.recordPause({
        userId,
        reason: input.reason,
        idempotencyKey: idempotencyKey(input, dayOf(at)),
        at,
      });
    },

    'feedback.record': async (userId, raw) => {
      const input = feedbackRecord(raw);
      const at = clock.now();
      const comment = input.comment?.trim() || null;
      await progress.recordFeedback({
        userId,
        rating: input.rating,
        comment,
        idempotencyKey: idempotencyKey({ rating: input.rating, comment }, dayOf(at)),
        at,
      });
    },
  };
}
