/*
 * The next lesson of the learner's course, as NEXT, the daily time and a confirmed payment start
 * it, or why not: onboarding unfinished, a quiz still open, the course done, or a premium course
 * the learner has not paid for (the offer to buy it instead; nothing at the daily time).
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect } from '../engine/effects.js';
import type { RootInput } from '../engine/registry.js';
import { journeyOf, quizPending, scheduleDaily, send } from './command-kit.js';
import { courseEnd } from './course-end.js';
import { askGoal } from './goal.js';
import { hasAccess } from './learning/access.js';
import { courseState } from './learning/index.js';
import { localDay } from './learning/lesson-time.js';
import { dueItems } from './learning/review.js';
import { nextLesson } from './learning/sequence.js';
import { startPayment } from './payment-start.js';

const heldBack: Effect = { type: 'reprompt', params: { reason: 'lessonTime' } };

/** Starts the next lesson of the learner's course, or says why not. */
export function startLesson(catalog: ContentCatalog, input: RootInput, daily: boolean): Effect[] {
  const { state, language, zone, now } = journeyOf(input);
  if (!state.course) return daily ? [] : [send('commands.notYet')];
  if (quizPending(input)) return daily ? [heldBack] : [send('commands.lessonHeldBack')];
  if (!hasAccess(state.access, catalog.course(state.course), now))
    return daily ? [] : startPayment(catalog, input, { course: state.course });
  const lessons = catalog.lessons(state.course);
  const lesson = nextLesson(lessons, courseState(state, state.course).completed);
  if (!lesson)
    return daily
      ? []
      : [
          courseEnd(catalog, state, state.course, language, dueItems(state.cards, now).length),
          ...askGoal(catalog, state, language, input.at),
        ];
  const review = dueItems(state.cards, now).map((card) => card.questionId);
  const today = localDay(now, zone);
  // A lesson pulled with NEXT stands for that day's: the scheduled one moves to the next day.
  const daysLesson: Effect[] =
    !daily && state.lessonTime ? [scheduleDaily(now, zone, state.lessonTime, today)] : [];
  return [
    // The day is remembered, so that a later TIME or ZONE change does not bring a second lesson.
    { type: 'updateProfile', params: { learning: { lastLessonDay: today } } },
    ...daysLesson,
    {
      type: 'startFlow',
      params: {
        flow: 'lesson',
        input: {
          course: state.course,
          lesson: lesson.slug,
          language,
          zone,
          at: input.at,
          daily,
          review,
          recent: state.recentAnswers,
        },
      },
    },
  ];
}
