/*
 * Badges (issue 13 item 1): which of content/badges.yaml a learning event earns, and how far the
 * learner is from the others. Pure: the flows call it as events happen (a lesson's quiz finished,
 * a review answer) with the state after the event, and store what it returns.
 * Decisions: a badge is earned once and never taken back; the streak counted is the streak's
 * current run (a freeze keeps it); `comeback` is measured only by a lesson finished after a gap of
 * at least `atLeast` streak days since the last activity (so the next BADGES cannot show progress
 * on it); learners from before badges existed earn what they already qualify for at their next event.
 */
import type { Badge, BadgeMetric } from '../../content/badges.js';
import type { EarnedBadge, LearningState } from './state.js';

/** What just happened: a lesson's quiz finished (with the streak days since the last activity) or a review answer. */
export type LearningEvent = { kind: 'lesson'; at: string; daysAway: number } | { kind: 'review'; at: string };

/** Each metric's value for a learner, after an event (`comeback` only on a lesson after a gap). */
export function measure(state: LearningState, event?: LearningEvent): Record<BadgeMetric, number> {
  return {
    lessons: Object.values(state.progress).reduce((sum, course) => sum + course.completed.length, 0),
    streak: state.streak.current,
    courses: state.counts.courses,
    perfectQuizzes: state.counts.perfectQuizzes,
    reviews: state.counts.reviews,
    comeback: event?.kind === 'lesson' ? event.daysAway : 0,
  };
}

const earnedIds = (state: LearningState) => new Set(state.badges.map((b) => b.id));

/** The badges this event earns, in content order: their rule is met now and the learner has none of them yet. */
export function awardBadges(badges: readonly Badge[], state: LearningState, event: LearningEvent): Badge[] {
  const values = measure(state, event);
  const earned = earnedIds(state);
  return badges.filter((badge) => !earned.has(badge.id) && values[badge.rule.metric] >= badge.rule.atLeast);
}

/** The learner's badges with the new ones appended at `at`. */
export function withBadges(state: LearningState, awarded: readonly Badge[], at: string): EarnedBadge[] {
  return [...state.badges, ...awarded.map((badge) => ({ id: badge.id, at }))];
}

export interface BadgeProgress {
  badge: Badge;
  have: number;
  need: number;
}

/**
 * The badges closest to being earned (the largest share done first, then the fewest still
 * needed), at most `limit`; `comeback` is never among them (it is no goal to work towards).
 */
export function nextBadges(badges: readonly Badge[], state: LearningState, limit = 3): BadgeProgress[] {
  const values = measure(state);
  const earned = earnedIds(state);
  return (
    badges
      .filter((badge) => !earned.has(badge.id) && badge.rule.metric !== 'comeback')
      .map((badge) => ({ badge, have: values[badge.rule.metric], need: badge.rule.atLeast }))
      // Met but not yet awarded (a learner from before badges): it comes with their next event.
      .filter(({ have, need }) => have < need)
      .sort((a, b) => b.have / b.need - a.have / a.need || a.need - a.have - (b.need - b.have))
      .slice(0, limit)
  );
}
