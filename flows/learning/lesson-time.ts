/*
 * When the next daily lesson goes out. Decisions: the chosen wall-clock time is kept in the
 * learner's zone across DST; a time the spring gap skips moves forward by the gap (01:30 → 02:30,
 * as engine/time.ts does); a time the autumn overlap repeats is the first one, so there is one lesson
 * that day. A time inside quiet hours goes at the end of them (23:00 with the default quiet hours
 * → 07:00 the next morning), and "still ahead today" is judged on that moved instant.
 */
import { parseClockTime } from '../../engine/time.js';
import { inZone, localInstant } from './local-time.js';
import { DEFAULT_QUIET_HOURS, nextAllowed, type QuietHours } from './quiet-hours.js';

/** The first daily lesson instant strictly after `now`: today's if still ahead, else the next day's. */
export function nextLessonAt(
  now: Date,
  zone: string,
  time: string,
  quiet: QuietHours = DEFAULT_QUIET_HOURS,
): Date {
  const { hour, minute } = parseClockTime(time);
  const today = inZone(now, zone).startOf('day');
  // Yesterday's lesson can land today when quiet hours pushed it past midnight.
  for (const offset of [-1, 0, 1]) {
    const day = today.plus({ days: offset });
    const at = nextAllowed(localInstant(day, hour, minute, zone).toJSDate(), zone, quiet);
    if (at.getTime() > now.getTime()) return at;
  }
  const day = today.plus({ days: 2 });
  return nextAllowed(localInstant(day, hour, minute, zone).toJSDate(), zone, quiet);
}

/**
 * The daily lesson after one the learner pulled early (NEXT, "Start lesson 1 now"): the first on a
 * later local day, so that day's scheduled lesson does not follow it.
 */
export function nextLessonAfterToday(
  now: Date,
  zone: string,
  time: string,
  quiet: QuietHours = DEFAULT_QUIET_HOURS,
): Date {
  return nextLessonAt(inZone(now, zone).endOf('day').toJSDate(), zone, time, quiet);
}

/** The local day (YYYY-MM-DD) of an instant: the day a lesson counts for. */
export const localDay = (at: Date, zone: string): string => inZone(at, zone).toISODate() ?? '';

/**
 * The next scheduled daily lesson, at most one per local day: none on `lastLessonDay`, the day a
 * lesson already went (at its time, pulled with NEXT, or before a TIME or ZONE change moved the hour).
 */
export function nextDailyLessonAt(
  now: Date,
  zone: string,
  time: string,
  lastLessonDay?: string,
  quiet: QuietHours = DEFAULT_QUIET_HOURS,
): Date {
  const at = nextLessonAt(now, zone, time, quiet);
  return lastLessonDay && localDay(at, zone) === lastLessonDay
    ? nextLessonAt(inZone(at, zone).endOf('day').toJSDate(), zone, time, quiet)
    : at;
}
