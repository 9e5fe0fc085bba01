import { describe, expect, it } from 'vitest';
import {
  emptyStreak,
  MAX_FREEZES,
  recordActivity,
  streakAsOf,
  streakDay,
  type StreakState,
} from './streak.js';

const NAIROBI = 'Africa/Nairobi';
const LONDON = 'Europe/London';

/** Nairobi is UTC+3: local `2026-05-04 09:00` → the instant. */
const nairobi = (localTime: string) => new Date(`${localTime.replace(' ', 'T')}:00+03:00`);

/** One activity at 09:00 Nairobi on each of these May 2026 days. */
function activeOn(days: number[], state: StreakState = emptyStreak()): StreakState {
  return days.reduce(
    (s, day) => recordActivity(s, nairobi(`2026-05-${String(day).padStart(2, '0')} 09:00`), NAIROBI),
    state,
  );
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('streaks', () => {
  it('start at 1 and grow by one per consecutive day; more activity the same day changes nothing', () => {
    let state = recordActivity(emptyStreak(), nairobi('2026-05-04 09:00'), NAIROBI);
    expect(state).toMatchObject({ current: 1, longest: 1, lastDay: '2026-05-04' });
    state = recordActivity(state, nairobi('2026-05-04 20:00'), NAIROBI);
    expect(state.current).toBe(1);
    state = recordActivity(state, nairobi('2026-05-05 08:00'), NAIROBI);
    expect(state).toMatchObject({ current: 2, longest: 2, lastDay: '2026-05-05' });
  });

  it('count the small hours for the day before: the day turns at 04:00 local', () => {
    expect(streakDay(nairobi('2026-05-05 02:00'), NAIROBI)).toBe('2026-05-04');
    expect(streakDay(nairobi('2026-05-05 03:59'), NAIROBI)).toBe('2026-05-04');
    expect(streakDay(nairobi('2026-05-05 04:00'), NAIROBI)).toBe('2026-05-05');
    // Monday evening, then 02:00 Tuesday night: still one day. Tuesday 09:00 makes two.
    let state = recordActivity(emptyStreak(), nairobi('2026-05-04 21:00'), NAIROBI);
    state = recordActivity(state, nairobi('2026-05-05 02:00'), NAIROBI);
    expect(state.current).toBe(1);
    state = recordActivity(state, nairobi('2026-05-05 09:00'), NAIROBI);
    expect(state.current).toBe(2);
  });

  it('use the local wall clock on DST mornings in London', () => {
    // 2026-03-29 04:30 BST is 03:30 UTC: already the new day locally.
    expect(streakDay(new Date('2026-03-29T03:30:00Z'), LONDON)).toBe('2026-03-29');
    expect(streakDay(new Date('2026-03-29T02:30:00Z'), LONDON)).toBe('2026-03-28'); // 03:30 BST
    // 2026-10-25 03:30 GMT is 03:30 UTC: still the night before.
    expect(streakDay(new Date('2026-10-25T03:30:00Z'), LONDON)).toBe('2026-10-24');
    expect(streakDay(new Date('2026-10-25T04:00:00Z'), LONDON)).toBe('2026-10-25');
  });

  it('reset to 1 after a missed day when there is no freeze, keeping the longest', () => {
    const state = activeOn([1, 2, 3, 5]);
    expect(state).toMatchObject({ current: 1, longest: 3, freezes: 0 });
  });

  it('earn a freeze on each completed 7-day streak, up to two', () => {
    expect(activeOn(range(1, 6)).freezes).toBe(0);
    expect(activeOn(range(1, 7)).freezes).toBe(1);
    expect(activeOn(range(1, 14)).freezes).toBe(2);
    expect(activeOn(range(1, 21)).freezes).toBe(MAX_FREEZES);
    expect(activeOn(range(1, 21))).toMatchObject({ current: 21, longest: 21 });
  });

  it('spend a freeze on a missed day and keep the streak going', () => {
    const state = activeOn([...range(1, 7), 9]); // 8 May missed
    expect(state).toMatchObject({ current: 8, longest: 8, freezes: 0, freezesUsed: 1 });
  });

  it('bridge two missed days with two freezes, but not three', () => {
    const twoFreezes = activeOn(range(1, 14));
    expect(activeOn([17], twoFreezes)).toMatchObject({ current: 15, freezes: 0, freezesUsed: 2 });
    expect(activeOn([18], twoFreezes)).toMatchObject({ current: 1, longest: 14, freezes: 2, freezesUsed: 0 });
  });

  it('earn a new freeze when a streak kept by a freeze reaches the next multiple of 7', () => {
    const state = activeOn([...range(1, 7), ...range(9, 14)]); // 8 May frozen: 7 + 6 = 13
    expect(state).toMatchObject({ current: 13, freezes: 0 });
    expect(activeOn([15], state)).toMatchObject({ current: 14, freezes: 1 });
  });

  it('ignore activity recorded out of order for an earlier day', () => {
    const state = activeOn([4, 5]);
    expect(recordActivity(state, nairobi('2026-05-03 09:00'), NAIROBI)).toBe(state);
  });

  it('show 0 once the days missed outnumber the freezes, before the learner comes back', () => {
    const state = activeOn(range(1, 7)); // one freeze
    expect(streakAsOf(state, nairobi('2026-05-08 09:00'), NAIROBI)).toBe(7);
    expect(streakAsOf(state, nairobi('2026-05-09 09:00'), NAIROBI)).toBe(7); // 8 May can be frozen
    expect(streakAsOf(state, nairobi('2026-05-10 09:00'), NAIROBI)).toBe(0);
    expect(streakAsOf(emptyStreak(), nairobi('2026-05-10 09:00'), NAIROBI)).toBe(0);
  });

  it('is a small JSON object that survives a round trip through the profile', () => {
    const state = activeOn([...range(1, 7), 9]);
    const stored = JSON.parse(JSON.stringify(state)) as StreakState;
    expect(stored).toEqual(state);
    expect(activeOn([10], stored).current).toBe(9);
  });
});
