/*
 * The weekly insight's rules: which lessons a learner is strong and weak in, and when the insight
 * goes. Decisions: a lesson's strength is the share of its review cards the learner never
 * struggled with (a card struggled when it was forgotten or first answered wrong, which FSRS
 * marks with a difficulty of 5 or more), else its best quiz score; strong is 80 % or more, weak
 * under 60 %, two of each at most, the strongest and the weakest first. The insight goes 30
 * minutes before the daily lesson (so it never lands inside that lesson's quiz), on the first day
 * at least 7 local days after the last one (or after onboarding), never in quiet hours; a learner
 * who answered nothing since the last one does not get the same note again.
 */
import { parseClockTime } from '../../engine/time.js';
import { inZone, localInstant } from './local-time.js';
import { nextAllowed } from './quiet-hours.js';
import type { LearningState } from './state.js';

export const STRONG_FROM = 0.8;
export const WEAK_BELOW = 0.6;
const STRUGGLED_DIFFICULTY = 5;
const PER_SIDE = 2;
const BEFORE_LESSON_MINUTES = 30;
export const INSIGHT_EVERY_DAYS = 7;

export interface LessonStrength {
  course: string;
  lesson: string;
  /** 0 (every question struggled) to 1 (none). */
  score: number;
}

export interface Insight {
  strong: LessonStrength[];
  weak: LessonStrength[];
}

/** How well the learner knows each lesson they have answered questions of, in the order first seen. */
export function lessonStrengths(state: LearningState): LessonStrength[] {
  const byLesson = new Map<string, { course: string; lesson: string; cards: number; struggled: number }>();
  for (const card of state.cards) {
    const [course, lesson] = card.questionId.split('/');
    if (!course || !lesson) continue;
    const key = `${course}/${lesson}`;
    const entry = byLesson.get(key) ?? { course, lesson, cards: 0, struggled: 0 };
    entry.cards += 1;
    if (card.lapses > 0 || card.leech || card.difficulty >= STRUGGLED_DIFFICULTY) entry.struggled += 1;
    byLesson.set(key, entry);
  }
  const strengths = [...byLesson.values()].map(({ course, lesson, cards, struggled }) => ({
    course,
    lesson,
    score: 1 - struggled / cards,
  }));
  // Quizzes taken before review cards existed count by their best score.
  for (const [course, progress] of Object.entries(state.progress)) {
    for (const [lesson, attempt] of Object.entries(progress.attempts)) {
      if (byLesson.has(`${course}/${lesson}`) || attempt.total <= 0) continue;
      strengths.push({ course, lesson, score: attempt.best / attempt.total });
    }
  }
  return strengths;
}

/** The learner's strong and weak lessons; both empty when they have answered nothing yet. */
export function weeklyInsight(state: LearningState): Insight {
  const all = lessonStrengths(state);
  return {
    strong: all
      .filter((s) => s.score >= STRONG_FROM)
      .sort((a, b) => b.score - a.score)
      .slice(0, PER_SIDE),
    weak: all
      .filter((s) => s.score < WEAK_BELOW)
      .sort((a, b) => a.score - b.score)
      .slice(0, PER_SIDE),
  };
}

/** Whether an insight went less than a week ago (in whole local days): then no other goes. */
export function insightSentThisWeek(state: LearningState, now: Date, zone: string): boolean {
  const last = state.weeklyInsight.lastSentAt;
  if (!last) return false;
  const days = inZone(now, zone)
    .startOf('day')
    .diff(inZone(new Date(last), zone).startOf('day'), 'days').days;
  return days < INSIGHT_EVERY_DAYS;
}

/** Whether the learner answered anything since the last insight (always, before the first). */
export function answeredSinceInsight(state: LearningState): boolean {
  const last = state.weeklyInsight.lastSentAt;
  return !last || state.cards.some((card) => (card.lastReview ?? '') > last);
}

/**
 * When the next insight is due: 30 minutes before the lesson time, on the first local day at least
 * a week after the last insight (or onboarding), and after `now`; out of quiet hours.
 */
export function nextInsightAt(state: LearningState, now: Date, zone: string, lessonTime: string): Date {
  const { hour, minute } = parseClockTime(lessonTime);
  const minutes = hour * 60 + minute - BEFORE_LESSON_MINUTES;
  const anchor = state.weeklyInsight.lastSentAt ?? state.onboardedAt ?? now.toISOString();
  const earliest = inZone(new Date(anchor), zone).startOf('day').plus({ days: INSIGHT_EVERY_DAYS });
  let day = earliest > inZone(now, zone).startOf('day') ? earliest : inZone(now, zone).startOf('day');
  for (;;) {
    const at = localInstant(day, Math.floor(Math.max(minutes, 0) / 60), Math.max(minutes, 0) % 60, zone);
    const due = nextAllowed(at.toJSDate(), zone);
    if (due.getTime() > now.getTime()) return due;
    day = day.plus({ days: 1 });
  }
}
