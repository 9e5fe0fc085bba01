/*
 * The learning state's parts (state.ts) with their JSON schemas, each tied to its interface by
 * ajv's JSONSchemaType, so tsc fails when a part and its schema disagree.
 */
import type { JSONSchemaType } from 'ajv';
import type { ReviewCard } from './review.js';
import type { StreakState } from './streak.js';

export interface QuizResult {
  course: string;
  lesson: string;
  score: number;
  total: number;
  at: string;
}

export interface CourseState {
  /** Lesson slugs whose quiz the learner finished, in the order they finished them. */
  completed: string[];
  /** Quiz attempts per lesson slug: how many and the best score. */
  attempts: Record<string, { count: number; best: number; total: number }>;
}

/**
 * What a confirmed M-PESA payment unlocked (issue 12): the learner's copy, written only by the
 * `system.payment` confirmed event (once per order); the payments tables are the operator's record.
 */
export interface AccessGrant {
  plan: string;
  /** `premium`: every premium course; else these course slugs. */
  courses: 'premium' | string[];
  /** ISO instant access ends; absent: for good (a `once` plan). */
  until?: string;
  /** ISO instant premium stays open after `until` while the learner renews (flows/renewal.ts). */
  graceUntil?: string;
  orderId: string;
}

/** The renewal of the grant bought by `orderId` (flows/renewal.ts): declined, or agreed and retried. */
export interface RenewalState {
  orderId: string;
  /** The learner said no: no more reminders or grace for this grant. */
  declined?: boolean;
  /** When the learner said yes: failed prompts are retried with backoff inside the grace period. */
  agreedAt?: string;
  /** M-PESA prompts sent for this renewal. */
  prompts: number;
}

/** The learner's last M-PESA purchase attempt: pending until its settlement event comes. */
export interface PaymentAttempt {
  /** Names the attempt for the `payment.request` service: a rerun creates nothing new. */
  requestId: string;
  plan: string;
  /** E.164 Kenyan number the M-PESA prompt goes to. */
  phone: string;
  /** The premium course the learner was trying to reach: its next lesson comes once paid. */
  course?: string;
  /** When it was asked for (ISO). */
  at: string;
  status: 'requested' | 'prompted' | 'settled';
  orderId?: string;
  /** A renewal's prompt: a failure is retried (flows/renewal.ts). */
  renewal?: boolean;
}

// Optional properties are `nullable` because ajv's JSONSchemaType requires it; the reader drops nulls.
export const optionalString = { type: 'string', nullable: true } as const;

export const courseStateSchema: JSONSchemaType<CourseState> = {
  type: 'object',
  properties: {
    completed: { type: 'array', items: { type: 'string' } },
    attempts: {
      type: 'object',
      required: [],
      additionalProperties: {
        type: 'object',
        properties: { count: { type: 'number' }, best: { type: 'number' }, total: { type: 'number' } },
        required: ['count', 'best', 'total'],
      },
    },
  },
  required: ['completed', 'attempts'],
};

export const quizResultSchema: JSONSchemaType<QuizResult> = {
  type: 'object',
  properties: {
    course: { type: 'string' },
    lesson: { type: 'string' },
    score: { type: 'number' },
    total: { type: 'number' },
    at: { type: 'string' },
  },
  required: ['course', 'lesson', 'score', 'total', 'at'],
};

export const streakSchema: JSONSchemaType<StreakState> = {
  type: 'object',
  properties: {
    current: { type: 'number' },
    longest: { type: 'number' },
    // JSONSchemaType rejects a required nullable property (string | null), so this one is unchecked.
    lastDay: { type: 'string', nullable: true } as never,
    freezes: { type: 'number' },
    freezesUsed: { type: 'number' },
  },
  required: ['current', 'longest', 'lastDay', 'freezes', 'freezesUsed'],
};

export const reviewCardSchema: JSONSchemaType<ReviewCard> = {
  type: 'object',
  properties: {
    questionId: { type: 'string' },
    due: { type: 'string' },
    stability: { type: 'number' },
    difficulty: { type: 'number' },
    elapsedDays: { type: 'number' },
    scheduledDays: { type: 'number' },
    learningSteps: { type: 'number' },
    reps: { type: 'number' },
    lapses: { type: 'number' },
    state: { type: 'string', enum: ['New', 'Learning', 'Review', 'Relearning'] },
    lastReview: optionalString,
    leech: { type: 'boolean' },
  },
  required: [
    'questionId',
    'due',
    'stability',
    'difficulty',
    'elapsedDays',
    'scheduledDays',
    'learningSteps',
    'reps',
    'lapses',
    'state',
    'leech',
  ],
};

export const accessGrantSchema: JSONSchemaType<AccessGrant> = {
  type: 'object',
  properties: {
    plan: { type: 'string' },
    // JSONSchemaType cannot spell 'premium' | string[]: checked as one or the other.
    courses: {
      oneOf: [
        { type: 'string', const: 'premium' },
        { type: 'array', items: { type: 'string' } },
      ],
    } as never,
    until: optionalString,
    graceUntil: optionalString,
    orderId: { type: 'string' },
  },
  required: ['plan', 'courses', 'orderId'],
};

export const paymentAttemptSchema: JSONSchemaType<PaymentAttempt> = {
  type: 'object',
  properties: {
    requestId: { type: 'string' },
    plan: { type: 'string' },
    phone: { type: 'string' },
    course: optionalString,
    at: { type: 'string' },
    status: { type: 'string', enum: ['requested', 'prompted', 'settled'] },
    orderId: optionalString,
    renewal: { type: 'boolean', nullable: true },
  },
  required: ['requestId', 'plan', 'phone', 'at', 'status'],
};

export const renewalSchema: JSONSchemaType<RenewalState> = {
  type: 'object',
  properties: {
    orderId: { type: 'string' },
    declined: { type: 'boolean', nullable: true },
    agreedAt: optionalString,
    prompts: { type: 'integer', minimum: 0 },
  },
  required: ['orderId', 'prompts'],
};
