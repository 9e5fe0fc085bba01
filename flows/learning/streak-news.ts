/*
 * What a day's activity did to the streak, for the learner to be told (issue 13 item 2): freezes
 * spent on missed days, a freeze earned, a streak lost and started afresh; and when the evening
 * "streak at risk" warning goes. Decisions: a streak is "lost" when a streak of 2 days or more
 * restarts at 1 (one lone day is no streak to lose); a freeze at the cap (MAX_FREEZES) is not
 * earned, so not told. The warning goes at 19:00 local, or 2 hours after the lesson time when that
 * is later, on a day the learner has not been active by then and whose miss no freeze would cover
 * (so "ends tonight" is true), and never in quiet hours (a warning that would fall in them is
 * skipped for that day: after 21:00 there is no evening left to save it).
 */
import { DateTime } from 'luxon';
import { clockMinutes, inZone, localInstant } from './local-time.js';
import { isQuiet } from './quiet-hours.js';
import { streakDay, type StreakState } from './streak.js';

export const WARNING_TIME = '19:00';
const AFTER_LESSON_MINUTES = 120;
/** A streak shorter than this is not warned about nor mourned. */
export const STREAK_WORTH_KEEPING = 2;

export interface StreakNews {
  freezesUsed: number;
  freezeEarned: boolean;
  /** The streak that ended (days), when this activity started a new one. */
  lost: number;
  /** Streak days between the last activity and this one (0 the same day, 1 the next). */
  daysAway: number;
}

const dayGap = (from: string, to: string) =>
  DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days;

/** Compares the streak before and after an activity at `at`. */
export function streakNews(before: StreakState, after: StreakState, at: Date, zone: string): StreakNews {
  const freezesUsed = after.freezesUsed - before.freezesUsed;
  const daysAway = before.lastDay === null ? 0 : Math.max(0, dayGap(before.lastDay, streakDay(at, zone)));
  const restarted = daysAway > 1 && after.current === 1;
  return {
    freezesUsed,
    freezeEarned: after.freezes - before.freezes + freezesUsed > 0,
    lost: restarted && before.current >= STREAK_WORTH_KEEPING ? before.current : 0,
    daysAway,
  };
}

/** When today's warning would go (19:00, or 2 hours after a later lesson), or null when it would be in quiet hours. */
export function streakWarningAt(now: Date, zone: string, lessonTime: string): Date | null {
  const local = inZone(now, zone);
  const minutes = Math.max(clockMinutes(WARNING_TIME), clockMinutes(lessonTime) + AFTER_LESSON_MINUTES);
  if (minutes >= 24 * 60) return null;
  const due = localInstant(local, Math.floor(minutes / 60), minutes % 60, zone).toJSDate();
  if (isQuiet(due, zone) || due.getTime() <= now.getTime()) return null;
  return due;
}

/**
 * Whether a warning is worth sending at `now`: a streak to keep, nothing done this streak day, none
 * sent yet, and no freeze left to cover today (with one, the streak does not end tonight).
 */
export function streakAtRisk(streak: StreakState, warnedDay: string | undefined, now: Date, zone: string) {
  const today = streakDay(now, zone);
  if (warnedDay === today || streak.lastDay === null || streak.lastDay >= today) return false;
  if (streak.current < STREAK_WORTH_KEEPING) return false;
  const missed = dayGap(streak.lastDay, today) - 1;
  return missed <= streak.freezes && missed + 1 > streak.freezes;
}
