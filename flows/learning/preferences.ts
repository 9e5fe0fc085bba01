/*
 * The learner's learning state as kept in their profile's `preferences` (plain JSON), so every flow
 * reads it from `event.learner.preferences` and it survives switching flows. `updateProfile` merges
 * preferences shallowly: a writer always writes a whole top-level field (all of `progress`, say).
 */
import type { ReviewCard } from './review.js';
import { emptyStreak, type StreakState } from './streak.js';

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

export interface LearningPreferences {
  /** The course lessons come from now; `courses` are every course the learner chose. */
  course?: string;
  courses: string[];
  /** `HH:MM` local daily lesson time. */
  lessonTime?: string;
  /** `learner` after PAUSE, `reminders` after every quiz reminder went unanswered. */
  paused?: 'learner' | 'reminders';
  progress: Record<string, CourseState>;
  lastQuiz?: QuizResult;
  streak: StreakState;
  cards: ReviewCard[];
  /** The last quiz answers, oldest first (true = right): the quiz's difficulty comes from them. */
  recentAnswers: boolean[];
  secondsSpent: number;
  onboardedAt?: string;
}

const object = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** The learning state in a learner's preferences, with defaults for what is not there yet. */
export function learningOf(preferences: Record<string, unknown> | undefined): LearningPreferences {
  const p = object(preferences);
  return {
    ...(typeof p.course === 'string' ? { course: p.course } : {}),
    courses: Array.isArray(p.courses) ? (p.courses as string[]) : [],
    ...(typeof p.lessonTime === 'string' ? { lessonTime: p.lessonTime } : {}),
    ...(p.paused === 'learner' || p.paused === 'reminders' ? { paused: p.paused } : {}),
    progress: object(p.progress) as Record<string, CourseState>,
    ...(p.lastQuiz ? { lastQuiz: p.lastQuiz as QuizResult } : {}),
    streak: p.streak ? (p.streak as StreakState) : emptyStreak(),
    cards: Array.isArray(p.cards) ? (p.cards as ReviewCard[]) : [],
    recentAnswers: Array.isArray(p.recentAnswers)
      ? p.recentAnswers.filter((answer): answer is boolean => typeof answer === 'boolean')
      : [],
    secondsSpent: typeof p.secondsSpent === 'number' ? p.secondsSpent : 0,
    ...(typeof p.onboardedAt === 'string' ? { onboardedAt: p.onboardedAt } : {}),
  };
}

export function courseState(state: LearningPreferences, course: string): CourseState {
  const found = state.progress[course];
  return { completed: found?.completed ?? [], attempts: found?.attempts ?? {} };
}

/** `progress` with one course's state replaced: the whole field, as updateProfile needs it. */
export function withCourse(
  state: LearningPreferences,
  course: string,
  change: (current: CourseState) => CourseState,
): Record<string, CourseState> {
  return { ...state.progress, [course]: change(courseState(state, course)) };
}

/** A review card's question id: unique across courses and lessons. */
export const cardId = (course: string, lesson: string, question: string) => `${course}/${lesson}/${question}`;

export function parseCardId(id: string): { course: string; lesson: string; question: string } | null {
  const [course, lesson, question] = id.split('/');
  return course && lesson && question ? { course, lesson, question } : null;
}
