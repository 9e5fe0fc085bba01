/*
 * The learner's learning state: streak, review cards, course progress, pause and settings, one JSON
 * document per learner (the `users.learning_state` column). Every flow reads it from
 * `event.learner.learning` through `learningStateOf`; `updateProfile({ learning })` merges it
 * shallowly, so a writer always writes a whole top-level field (all of `progress`, say).
 *
 * Adding a field is two lines: the property in `LearningState` and its schema, with a `default`,
 * in `learningStateSchema` (tsc fails until both agree). Rows written before the field existed
 * read as the default. Reshaping or renaming a field instead takes an upgrade in `read-state.ts`.
 */
import type { JSONSchemaType } from 'ajv';
import type { ReviewCard } from './review.js';
import { emptyStreak, type StreakState } from './streak.js';

/** The current shape's version: one more than the upgrades in `read-state.ts` (a test holds them together). */
export const LEARNING_STATE_VERSION = 1;

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

/** Why lessons stopped: `learner` after PAUSE, `reminders` after every quiz reminder went unanswered. */
export type PauseReason = 'learner' | 'reminders';

/** The weekly insight (flows/insight.ts): on unless the learner said INSIGHTS OFF; when the last one went. */
export interface InsightSettings {
  enabled: boolean;
  lastSentAt?: string;
}

export interface LearningState {
  /** The shape's version: `read-state.ts` upgrades older documents to it when they are read. */
  version: number;
  /** The course lessons come from now; `courses` are every course the learner chose. */
  course?: string;
  courses: string[];
  /** `HH:MM` local daily lesson time. */
  lessonTime?: string;
  paused?: PauseReason;
  progress: Record<string, CourseState>;
  lastQuiz?: QuizResult;
  streak: StreakState;
  cards: ReviewCard[];
  /** The last quiz answers, oldest first (true = right): the quiz's difficulty comes from them. */
  recentAnswers: boolean[];
  secondsSpent: number;
  onboardedAt?: string;
  /** What the learner paid for (premium courses); expired entries grant nothing. */
  access: AccessGrant[];
  payment?: PaymentAttempt;
  renewal?: RenewalState;
  weeklyInsight: InsightSettings;
  /** When the learner was asked what to learn next (a course's end): their next plain reply is their goal. */
  goalAskedAt?: string;
  /** The place the learner named for their time zone ("Mombasa"), shown back instead of the zone's city; '' when none. */
  place: string;
  /** The local day (YYYY-MM-DD) the last new lesson started: no scheduled lesson follows on that day. */
  lastLessonDay?: string;
  /** Badges earned (content/badges.yaml ids), each once, oldest first, with when (ISO). */
  badges: EarnedBadge[];
  /** What badge rules count that the rest of the state does not keep (flows/learning/badges.ts). */
  counts: LearningCounts;
  /** The streak day (YYYY-MM-DD) the evening "streak at risk" warning went for: one per day (flows/streak-warning.ts). */
  streakWarnedDay?: string;
}

export interface EarnedBadge {
  id: string;
  at: string;
}

export interface LearningCounts {
  /** Review answers given. */
  reviews: number;
  /** Quizzes finished with every answer right. */
  perfectQuizzes: number;
  /** Courses whose last lesson the learner finished. */
  courses: number;
}

// Optional properties are `nullable` because ajv's JSONSchemaType requires it; the reader drops nulls.
const optionalString = { type: 'string', nullable: true } as const;

const courseStateSchema: JSONSchemaType<CourseState> = {
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

const quizResultSchema: JSONSchemaType<QuizResult> = {
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

const streakSchema: JSONSchemaType<StreakState> = {
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

const reviewCardSchema: JSONSchemaType<ReviewCard> = {
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

const accessGrantSchema: JSONSchemaType<AccessGrant> = {
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

const paymentAttemptSchema: JSONSchemaType<PaymentAttempt> = {
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

const renewalSchema: JSONSchemaType<RenewalState> = {
  type: 'object',
  properties: {
    orderId: { type: 'string' },
    declined: { type: 'boolean', nullable: true },
    agreedAt: optionalString,
    prompts: { type: 'integer', minimum: 0 },
  },
  required: ['orderId', 'prompts'],
};

/** The shape of `LearningState`, one source with the interface: a property without a default is optional. */
export const learningStateSchema: JSONSchemaType<LearningState> = {
  type: 'object',
  properties: {
    version: { type: 'integer', minimum: 0, default: LEARNING_STATE_VERSION },
    course: optionalString,
    courses: { type: 'array', items: { type: 'string' }, default: [] },
    lessonTime: optionalString,
    paused: { type: 'string', enum: ['learner', 'reminders'], nullable: true },
    progress: { type: 'object', required: [], additionalProperties: courseStateSchema, default: {} },
    lastQuiz: { ...quizResultSchema, nullable: true },
    streak: {
      ...streakSchema,
      default: emptyStreak(),
    },
    cards: { type: 'array', items: reviewCardSchema, default: [] },
    recentAnswers: { type: 'array', items: { type: 'boolean' }, default: [] },
    secondsSpent: { type: 'number', default: 0 },
    onboardedAt: optionalString,
    access: { type: 'array', items: accessGrantSchema, default: [] },
    payment: { ...paymentAttemptSchema, nullable: true },
    renewal: { ...renewalSchema, nullable: true },
    weeklyInsight: {
      type: 'object',
      properties: { enabled: { type: 'boolean' }, lastSentAt: optionalString },
      required: ['enabled'],
      default: { enabled: true },
    },
    goalAskedAt: optionalString,
    place: { type: 'string', default: '' },
    lastLessonDay: optionalString,
    badges: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, at: { type: 'string' } },
        required: ['id', 'at'],
      },
      default: [],
    },
    counts: {
      type: 'object',
      properties: {
        reviews: { type: 'integer', minimum: 0 },
        perfectQuizzes: { type: 'integer', minimum: 0 },
        courses: { type: 'integer', minimum: 0 },
      },
      required: ['reviews', 'perfectQuizzes', 'courses'],
      default: { reviews: 0, perfectQuizzes: 0, courses: 0 },
    },
    streakWarnedDay: optionalString,
  },
  required: [
    'version',
    'courses',
    'progress',
    'streak',
    'cards',
    'recentAnswers',
    'secondsSpent',
    'access',
    'weeklyInsight',
    'place',
    'badges',
    'counts',
  ],
};
