import { DateTime } from 'luxon';
import { learningStateOf } from '../../flows/learning/index.js';

export const DEFAULT_LESSON_TIME = '07:30';
const LESSON_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The learner's chosen `HH:MM` in their stored learning state, or the default when unset or unreadable. */
export function lessonTimeOf(learningState: unknown): string {
  const value = learningStateOf(learningState).lessonTime;
  return value !== undefined && LESSON_TIME.test(value) ? value : DEFAULT_LESSON_TIME;
}

/**
 * The next moment after `now` when the clock in `timezone` shows `lessonTime`. On a day when
 * that wall time does not exist (clocks jump forward over it) it moves forward by the jump
 * (01:30 → 02:30); when it happens twice (clocks go back) it is the first of the two.
 */
export function nextLessonAt(timezone: string, lessonTime: string, now: Date): DateTime {
  const match = LESSON_TIME.exec(lessonTime);
  if (!match) throw new RangeError(`lesson time must be HH:MM, got ${lessonTime}`);
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  const localNow = DateTime.fromJSDate(now, { zone: timezone });
  if (!localNow.isValid) throw new RangeError(`unknown time zone ${timezone}`);
  const on = (day: DateTime) => {
    const wall = DateTime.fromObject(
      { year: day.year, month: day.month, day: day.day, hour, minute },
      { zone: timezone },
    );
    return DateTime.min(wall, ...wall.getPossibleOffsets());
  };
  const today = on(localNow);
  return today > localNow ? today : on(localNow.plus({ days: 1 }));
}
