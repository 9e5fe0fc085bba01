import { describe, expect, it } from 'vitest';
import { emptyStreak, recordActivity, type StreakState } from './streak.js';
import { streakAtRisk, streakNews, streakWarningAt } from './streak-news.js';

const NAIROBI = 'Africa/Nairobi';
const nairobi = (local: string) => new Date(`${local.replace(' ', 'T')}:00+03:00`);
const day = (d: number) => nairobi(`2026-05-${String(d).padStart(2, '0')} 09:00`);

function activeOn(days: number[], state: StreakState = emptyStreak()): StreakState {
  return days.reduce((s, d) => recordActivity(s, day(d), NAIROBI), state);
}

describe('streak news', () => {
  it('tells a freeze earned on the 7th day and a freeze spent on a missed day', () => {
    const six = activeOn([1, 2, 3, 4, 5, 6]);
    const seven = recordActivity(six, day(7), NAIROBI);
    expect(streakNews(six, seven, day(7), NAIROBI)).toEqual({
      freezesUsed: 0,
      freezeEarned: true,
      lost: 0,
      daysAway: 1,
    });
    // Day 8 missed: the freeze covers it on day 9.
    const nine = recordActivity(seven, day(9), NAIROBI);
    expect(nine.current).toBe(8);
    expect(streakNews(seven, nine, day(9), NAIROBI)).toMatchObject({
      freezesUsed: 1,
      freezeEarned: false,
      lost: 0,
    });
  });

  it('tells a lost streak of 2 days or more when a new one starts, with the days away', () => {
    const three = activeOn([1, 2, 3]);
    const after = recordActivity(three, day(12), NAIROBI);
    expect(streakNews(three, after, day(12), NAIROBI)).toMatchObject({
      lost: 3,
      daysAway: 9,
      freezesUsed: 0,
    });
    const one = activeOn([1]);
    expect(streakNews(one, recordActivity(one, day(5), NAIROBI), day(5), NAIROBI).lost).toBe(0);
  });
});

describe('the evening streak warning', () => {
  it('goes at 19:00 local, or 2 hours after a later lesson, never in quiet hours', () => {
    expect(streakWarningAt(nairobi('2026-05-04 07:30'), NAIROBI, '07:30')).toEqual(
      nairobi('2026-05-04 19:00'),
    );
    expect(streakWarningAt(nairobi('2026-05-04 18:00'), NAIROBI, '18:00')).toEqual(
      nairobi('2026-05-04 20:00'),
    );
    expect(streakWarningAt(nairobi('2026-05-04 20:00'), NAIROBI, '20:00')).toBeNull();
  });

  it('is due with a streak of 2 or more, no activity this streak day, no freeze to cover it and none sent today', () => {
    const two = activeOn([3, 4]);
    expect(streakAtRisk(two, undefined, nairobi('2026-05-05 19:00'), NAIROBI)).toBe(true);
    expect(streakAtRisk(two, '2026-05-05', nairobi('2026-05-05 19:00'), NAIROBI)).toBe(false);
    expect(streakAtRisk(two, undefined, nairobi('2026-05-04 19:00'), NAIROBI)).toBe(false);
    expect(streakAtRisk(activeOn([4]), undefined, nairobi('2026-05-05 19:00'), NAIROBI)).toBe(false);
    // Already lost (two days missed, no freeze): nothing left to save.
    expect(streakAtRisk(two, undefined, nairobi('2026-05-07 19:00'), NAIROBI)).toBe(false);
    // A freeze would cover today: no warning; the next day it is spent, so the warning comes.
    const frozen = { ...two, freezes: 1 };
    expect(streakAtRisk(frozen, undefined, nairobi('2026-05-05 19:00'), NAIROBI)).toBe(false);
    expect(streakAtRisk(frozen, undefined, nairobi('2026-05-06 19:00'), NAIROBI)).toBe(true);
  });
});
