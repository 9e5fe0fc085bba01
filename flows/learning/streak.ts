/*
 * Daily streaks. Decisions: a streak day runs from 04:00 to 04:00 local (activity at 02:00 counts for
 * the day before). Each time the streak reaches a multiple of 7 days the learner earns a freeze, kept
 * up to MAX_FREEZES = 2 (enough to cover a weekend, few enough to still mean something). A gap is
 * bridged only when there are freezes for every missed day; a freeze covers the day but does not add
 * to the streak. A gap too wide to bridge resets the streak to 1 and leaves the freezes unspent.
 * Activity older than the last recorded day changes nothing.
 */
import { DateTime } from 'luxon';
import { inZone } from './local-time.js';

export const DAY_BOUNDARY_HOUR = 4;
export const MAX_FREEZES = 2;
export const FREEZE_EVERY_DAYS = 7;

/** Stored in the learner's profile as plain JSON. */
export interface StreakState {
  current: number;
  longest: number;
  /** Streak day (`YYYY-MM-DD`, local, 04:00 boundary) of the latest activity; null before any. */
  lastDay: string | null;
  freezes: number;
  /** Freezes spent so far, for the progress message. */
  freezesUsed: number;
}

export const emptyStreak = (): StreakState => ({
  current: 0,
  longest: 0,
  lastDay: null,
  freezes: 0,
  freezesUsed: 0,
});

/** The streak day an instant belongs to, by the local wall clock (DST-safe). */
export function streakDay(at: Date, zone: string): string {
  const local = inZone(at, zone);
  return (local.hour < DAY_BOUNDARY_HOUR ? local.minus({ days: 1 }) : local).toISODate()!;
}

function daysBetween(from: string, to: string): number {
  return DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days;
}

export function recordActivity(state: StreakState, at: Date, zone: string): StreakState {
  const day = streakDay(at, zone);
  const gap = state.lastDay === null ? 1 : daysBetween(state.lastDay, day);
  if (gap <= 0) return state;
  const missed = gap - 1;
  const bridged = state.current > 0 && missed <= state.freezes;
  const current = bridged ? state.current + 1 : 1;
  const spent = bridged ? missed : 0;
  const earned = current % FREEZE_EVERY_DAYS === 0 ? 1 : 0;
  return {
    current,
    longest: Math.max(state.longest, current),
    lastDay: day,
    freezes: Math.min(MAX_FREEZES, state.freezes - spent + earned),
    freezesUsed: state.freezesUsed + spent,
  };
}

/** The streak to show at `now`: 0 when the days missed since the last activity outnumber the freezes. */
export function streakAsOf(state: StreakState, now: Date, zone: string): number {
  if (state.lastDay === null) return 0;
  const missed = daysBetween(state.lastDay, streakDay(now, zone)) - 1;
  return missed <= state.freezes ? state.current : 0;
}
