/*
 * What really comes next for a learner, for the messages that say so (a passed quiz, a review's
 * end, RESUME, a course switch). Decisions (issue 11): a course with no lesson left promises none
 * (the daily time passes in silence until the learner picks another course); paused lessons come
 * after RESUME; an open quiz holds the next lesson back until it is done; otherwise the next
 * scheduled lesson, today or tomorrow at the learner's time (never twice on one local day).
 */
import type { ContentCatalog } from '../content/catalog.js';
import { courseState, type LearningState } from './learning/index.js';
import { localDay, nextDailyLessonAt } from './learning/lesson-time.js';
import { nextLesson } from './learning/sequence.js';

export type UpNext =
  { kind: 'today' | 'tomorrow'; time: string } | { kind: 'courseDone' | 'paused' | 'quizOpen'; time: string };

export function upNext(
  catalog: ContentCatalog,
  state: LearningState,
  zone: string,
  now: Date,
  quizOpen: boolean,
): UpNext {
  const time = state.lessonTime ?? '07:30';
  const course = state.course ?? '';
  if (nextLesson(catalog.lessons(course), courseState(state, course).completed) === null)
    return { kind: 'courseDone', time };
  if (state.paused) return { kind: 'paused', time };
  if (quizOpen) return { kind: 'quizOpen', time };
  const at = nextDailyLessonAt(now, zone, time, state.lastLessonDay);
  return { kind: localDay(at, zone) === localDay(now, zone) ? 'today' : 'tomorrow', time };
}
