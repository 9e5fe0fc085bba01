import { describe, expect, it } from 'vitest';
import { loadBadges, type Badge } from '../../content/badges.js';
import { awardBadges, nextBadges, withBadges } from './badges.js';
import { learningStateOf } from './read-state.js';
import { recordActivity } from './streak.js';
import type { LearningState } from './state.js';

const BADGES = loadBadges();
const AT = '2026-05-04T06:00:00.000Z';
const ids = (badges: Badge[]) => badges.map((b) => b.id);

/** A learner with `lessons` lessons done, a streak of `streak` days and these counts. */
function learner(
  lessons: number,
  streak = 0,
  counts: Partial<LearningState['counts']> = {},
  earned: string[] = [],
): LearningState {
  const state = learningStateOf({});
  const completed = Array.from({ length: lessons }, (_, i) => `lesson-${i + 1}`);
  return {
    ...state,
    progress: { 'money-basics': { completed, attempts: {} } },
    streak: { ...state.streak, current: streak, longest: streak, lastDay: streak ? '2026-05-04' : null },
    counts: { ...state.counts, ...counts },
    badges: earned.map((id) => ({ id, at: AT })),
  };
}

const lesson = (daysAway = 1) => ({ kind: 'lesson' as const, at: AT, daysAway });

describe('badge rules (content/badges.yaml)', () => {
  it('the first lesson earns the first step, once', () => {
    expect(ids(awardBadges(BADGES, learner(1, 1), lesson()))).toEqual(['first-lesson']);
    expect(ids(awardBadges(BADGES, learner(2, 2, {}, ['first-lesson']), lesson()))).toEqual([]);
  });

  it('streaks of 3, 7, 30 and 100 days each earn theirs, those below included when missing', () => {
    const earned = ['first-lesson', 'lessons-10'];
    expect(ids(awardBadges(BADGES, learner(12, 3, {}, earned), lesson()))).toEqual(['streak-3']);
    expect(ids(awardBadges(BADGES, learner(12, 7, {}, [...earned, 'streak-3']), lesson()))).toEqual([
      'streak-7',
    ]);
    expect(
      ids(awardBadges(BADGES, learner(12, 30, {}, [...earned, 'streak-3', 'streak-7']), lesson())),
    ).toEqual(['streak-30']);
    expect(ids(awardBadges(BADGES, learner(12, 100, {}, earned), lesson()))).toEqual([
      'streak-3',
      'streak-7',
      'streak-30',
      'streak-100',
    ]);
  });

  it('a course finished, a perfect quiz and 50 reviews each earn a badge', () => {
    const base = ['first-lesson'];
    expect(ids(awardBadges(BADGES, learner(6, 1, { courses: 1 }, base), lesson()))).toEqual(['course-done']);
    expect(ids(awardBadges(BADGES, learner(2, 1, { perfectQuizzes: 1 }, base), lesson()))).toEqual([
      'perfect-quiz',
    ]);
    const review = { kind: 'review' as const, at: AT };
    expect(ids(awardBadges(BADGES, learner(2, 1, { reviews: 49 }, base), review))).toEqual([]);
    expect(ids(awardBadges(BADGES, learner(2, 1, { reviews: 50 }, base), review))).toEqual(['reviews-50']);
  });

  it('a lesson after 7 or more days away earns the comeback; 6 days or a review do not', () => {
    const state = learner(3, 1, {}, ['first-lesson']);
    expect(ids(awardBadges(BADGES, state, lesson(6)))).toEqual([]);
    expect(ids(awardBadges(BADGES, state, lesson(7)))).toEqual(['comeback']);
    expect(ids(awardBadges(BADGES, state, { kind: 'review', at: AT }))).toEqual([]);
  });

  it('a 7-day streak built day by day earns streak-3 on day 3 and streak-7 on day 7', () => {
    let state = learner(0);
    const earnedOn: Record<number, string[]> = {};
    for (let day = 1; day <= 7; day += 1) {
      const at = `2026-05-${String(day + 3).padStart(2, '0')}T06:00:00.000Z`;
      const after = {
        ...state,
        progress: { 'money-basics': { completed: [...Array(day).keys()].map(String), attempts: {} } },
        streak: recordActivity(state.streak, new Date(at), 'Africa/Nairobi'),
      };
      const awarded = awardBadges(BADGES, after, { kind: 'lesson', at, daysAway: 1 });
      earnedOn[day] = ids(awarded);
      state = { ...after, badges: withBadges(after, awarded, at) };
    }
    expect(earnedOn).toMatchObject({ 1: ['first-lesson'], 2: [], 3: ['streak-3'], 7: ['streak-7'] });
    expect(state.badges.map((b) => b.id)).toEqual(['first-lesson', 'streak-3', 'streak-7']);
  });
});

describe('nextBadges', () => {
  it('lists the closest unearned badges with how far the learner is, never the comeback', () => {
    const next = nextBadges(BADGES, learner(8, 2, { reviews: 10 }, ['first-lesson']));
    expect(next.map((n) => [n.badge.id, n.have, n.need])).toEqual([
      ['lessons-10', 8, 10],
      ['streak-3', 2, 3],
      ['streak-7', 2, 7],
    ]);
    const all = nextBadges(BADGES, learner(0), 20);
    expect(all.map((n) => n.badge.id)).not.toContain('comeback');
  });

  it('is empty when every badge worth working towards is earned', () => {
    const everything = BADGES.map((b) => b.id);
    expect(nextBadges(BADGES, learner(20, 100, {}, everything))).toEqual([]);
  });
});
