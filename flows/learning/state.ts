/*
 * The learner's learning state: streak, review cards, course progress, pause and settings, one JSON
 * document per learner (the `users.learning_state` column). Every flow reads it from
 * `event.learner.learning` through `learningStateOf`; `updateProfile({ learning })` merges it
 * shallowly, so a writer always writes a whole top-level field (all of `progress`, say).
 *
 * Adding a field is two lines: the property in `LearningState` and its schema, with a `default`,
 * in `learningStateSchema` (tsc fails until both agree); the parts' own shapes are in state-parts.ts. Rows written before the field existed
 * read as the default. Reshaping or renaming a field instead takes an upgrade in `read-state.ts`.
 */
import type { JSONSchemaType } from 'ajv';
import type { ReviewCard } from './review.js';
import {
  type AccessGrant,
  type CourseState,
  type PaymentAttempt,
  type QuizResult,
  type RenewalState,
  optionalString,
  courseStateSchema,
  quizResultSchema,
  streakSchema,
  reviewCardSchema,
  accessGrantSchema,
  paymentAttemptSchema,
  renewalSchema,
} from './state-parts.js';
import { emptyStreak, type StreakState } from './streak.js';

export type { AccessGrant, CourseState, PaymentAttempt, QuizResult, RenewalState } from './state-parts.js';

/** The current shape's version: one more than the upgrades in `read-state.ts` (a test holds them together). */
export const LEARNING_STATE_VERSION = 1;

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
