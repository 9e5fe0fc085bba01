/*
 * Reminders for an unanswered quiz. Decisions: every reminder is measured from when the quiz was
 * sent (not from the previous reminder), so a late or quiet-hours-delayed one does not push the rest
 * back: 2 h, 1 day, 3 days, 7 days, 14 days; days are calendar days in the learner's zone. Each is moved
 * out of quiet hours. After the fifth, null: the learner is paused until they write. The wording
 * varies: the learner and the local day the question was asked pick the first variant, and each
 * later reminder takes the next (stable in tests, never the same twice in a row); the last has its own.
 */
import { DateTime, type DurationLikeObject } from 'luxon';
import { assertZone } from '../../engine/time.js';
import { DEFAULT_QUIET_HOURS, nextAllowed, type QuietHours } from './quiet-hours.js';

export const REMINDER_DELAYS: readonly DurationLikeObject[] = [
  { hours: 2 },
  { days: 1 },
  { days: 3 },
  { days: 7 },
  { days: 14 },
];
export const MAX_REMINDERS = REMINDER_DELAYS.length;

/** When reminder number `count + 1` goes out, given `count` already sent; null once all are sent. */
export function nextReminder(
  sentAt: Date,
  count: number,
  zone: string,
  quiet: QuietHours = DEFAULT_QUIET_HOURS,
): Date | null {
  const delay = REMINDER_DELAYS[count];
  if (!delay || count < 0 || !Number.isInteger(count)) return null;
  const due = DateTime.fromJSDate(sentAt, { zone: assertZone(zone) }).plus(delay);
  return nextAllowed(due.toJSDate(), zone, quiet);
}

/** The whole plan, for showing to a support person or checking in a test. */
export function reminderPlan(sentAt: Date, zone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): Date[] {
  return REMINDER_DELAYS.map((_, count) => nextReminder(sentAt, count, zone, quiet)!);
}

/** True once every reminder has gone unanswered: pause the learner until they write. */
export function shouldPause(count: number): boolean {
  return count >= MAX_REMINDERS;
}

/** Reminder copy in content/messages: the variants in turn, and the last one (it says lessons pause). */
export const REMINDER_KEYS = ['quiz.reminder', 'quiz.reminder2', 'quiz.reminder3'] as const;
export const LAST_REMINDER_KEY = 'quiz.reminderLast';

/** The message key of reminder number `count` (1-based, not the last) for a learner (any stable id) asked on `day` (YYYY-MM-DD). */
export function reminderKey(learner: string, day: string, count: number): string {
  let hash = 2166136261;
  for (const char of `${learner}|${day}`) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619) >>> 0;
  return REMINDER_KEYS[(hash + count) % REMINDER_KEYS.length]!;
}
