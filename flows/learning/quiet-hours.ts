/*
 * Quiet hours: local wall-clock times when nothing scheduled is sent to a learner.
 * Decisions: the window is [start, end) in the learner's zone, so 07:00 itself is allowed;
 * start after end means it crosses midnight; start equal to end means no quiet hours at all.
 * Learner-initiated replies are not limited by this: it is for scheduled sends only.
 */
import { DateTime } from 'luxon';
import { clockMinutes, inZone, localInstant } from './local-time.js';

export interface QuietHours {
  /** `HH:MM` local time quiet hours begin. */
  start: string;
  /** `HH:MM` local time sending may resume. */
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '07:00' };
/**
 * The daily lesson times a learner may choose, first and last inclusive: the default quiet hours'
 * complement. Onboarding's time question (flows/onboarding.flow.yaml `min`/`max`), TIME and the
 * prompts that state the rule all use these (flows/learning/lesson-hours.test.ts keeps them in step).
 */
export const LESSON_HOURS = { first: '07:00', last: '20:59' } as const;

function minuteOfDay(local: DateTime): number {
  return local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
}

function quietAt(local: DateTime, window: QuietHours): boolean {
  const start = clockMinutes(window.start);
  const end = clockMinutes(window.end);
  const minute = minuteOfDay(local);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

export function isQuiet(at: Date, zone: string, window: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  return quietAt(inZone(at, zone), window);
}

/** The first instant at or after `at` that is not in quiet hours. */
export function nextAllowed(at: Date, zone: string, window: QuietHours = DEFAULT_QUIET_HOURS): Date {
  const local = inZone(at, zone);
  if (!quietAt(local, window)) return at;
  const end = clockMinutes(window.end);
  // Quiet in the evening part of a window crossing midnight: it ends tomorrow morning.
  const endsTomorrow = minuteOfDay(local) >= end;
  const day = endsTomorrow ? local.plus({ days: 1 }) : local;
  let resume = localInstant(day, Math.floor(end / 60), end % 60, zone);
  // The end time happens twice on an autumn night and `at` is already past the first one.
  if (resume <= local) resume = resume.plus({ minutes: resume.offset - local.offset });
  return firstAllowedBefore(local, resume, window).toJSDate();
}

/**
 * When the end time falls in a spring gap, quiet hours really end when the clocks jump (02:00 BST
 * for an end of 01:30), earlier than the moved-forward end time: find that instant by bisection.
 */
function firstAllowedBefore(quiet: DateTime, allowed: DateTime, window: QuietHours): DateTime {
  if (quietAt(allowed.minus({ minutes: 1 }), window)) return allowed;
  const at = (ms: number) => DateTime.fromMillis(ms, { zone: quiet.zone });
  let lo = quiet.toMillis();
  let hi = allowed.toMillis();
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (quietAt(at(mid), window)) lo = mid;
    else hi = mid;
  }
  return at(hi);
}

/** Whether a daily `HH:MM` time falls in quiet hours (a lesson chosen then would be moved to their end). */
export function isQuietTime(time: string, window: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  const start = clockMinutes(window.start);
  const end = clockMinutes(window.end);
  const minute = clockMinutes(time);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}
