/*
 * The learner's best study hour (issue 13 item 6), offered with the weekly insight as a change of
 * lesson time. Decisions: an hour is the local hour a quiz was taken; it counts once it holds at
 * least MIN_QUIZZES quizzes; the best is the one with the highest share of right answers (more
 * quizzes break a tie). It is offered only when it is a time lessons may come (LESSON_HOURS), the
 * learner gets at least MIN_SHARE right then, it is at least MIN_HOURS_AWAY from the hour lessons
 * come now (answering an hour after the lesson arrives is no reason to move it), and it beats that
 * hour by BETTER_BY (or that hour holds too few quizzes to judge): a learner who does well at their
 * lesson time is not told to move it.
 */
import { clockMinutes } from './local-time.js';
import { LESSON_HOURS } from './quiet-hours.js';

export const MIN_QUIZZES = 3;
export const BETTER_BY = 0.15;
export const MIN_SHARE = 0.7;
export const MIN_HOURS_AWAY = 2;

export interface HourSample {
  /** Local hour the quiz was taken, 0–23. */
  hour: number;
  score: number;
  total: number;
}

export interface StudyHour {
  /** `HH:00`, a time TIME accepts. */
  time: string;
  /** Share of right answers at that hour, 0–1. */
  share: number;
  /** Share at the hour lessons come now; null when too few quizzes were taken then. */
  lessonShare: number | null;
}

interface HourTotals {
  quizzes: number;
  right: number;
  answered: number;
}

function totalsByHour(samples: HourSample[]): Map<number, HourTotals> {
  const hours = new Map<number, HourTotals>();
  for (const { hour, score, total } of samples) {
    if (total <= 0) continue;
    const entry = hours.get(hour) ?? { quizzes: 0, right: 0, answered: 0 };
    entry.quizzes += 1;
    entry.right += score;
    entry.answered += total;
    hours.set(hour, entry);
  }
  return hours;
}

const share = (t: HourTotals) => t.right / t.answered;

/** The hour to offer instead of `lessonTime` (`HH:MM`), or undefined when there is none worth a change. */
export function bestStudyHour(samples: HourSample[], lessonTime: string): StudyHour | undefined {
  const first = clockMinutes(LESSON_HOURS.first) / 60;
  const last = Math.floor(clockMinutes(LESSON_HOURS.last) / 60);
  const hours = totalsByHour(samples);
  const best = [...hours]
    .filter(([hour, t]) => t.quizzes >= MIN_QUIZZES && hour >= first && hour <= last)
    .sort(([, a], [, b]) => share(b) - share(a) || b.quizzes - a.quizzes)[0];
  if (!best) return undefined;
  const [hour, totals] = best;
  const lessonHour = Math.floor(clockMinutes(lessonTime) / 60);
  if (Math.abs(hour - lessonHour) < MIN_HOURS_AWAY || share(totals) < MIN_SHARE) return undefined;
  const atLesson = hours.get(lessonHour);
  const lessonShare = atLesson && atLesson.quizzes >= MIN_QUIZZES ? share(atLesson) : null;
  if (lessonShare !== null && share(totals) < lessonShare + BETTER_BY) return undefined;
  return { time: `${String(hour).padStart(2, '0')}:00`, share: share(totals), lessonShare };
}
