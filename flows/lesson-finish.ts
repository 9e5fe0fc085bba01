/*
 * The end of a quiz attempt: the score stored, the lesson marked complete the first time, the
 * streak kept, then the result said (below the course's pass mark: what was right praised and
 * [Try again] [Next lesson] [Later] offered; on a pass, the course done or the review cards due).
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect } from '../engine/effects.js';
import type { ConversationEvent } from '../engine/events.js';
import { withCourse } from './learning/index.js';
import { dueItems, type ReviewCard } from './learning/review.js';
import { nextLesson } from './learning/sequence.js';
import { recordActivity, streakAsOf } from './learning/streak.js';
import { atOf, prefsOf, type LessonContext } from './lesson-context.js';
import { courseEnd } from './course-end.js';
import { courseFinished, issueCertificate } from './certificate.js';
import { askGoal } from './goal.js';
import { cardUpdate } from './lesson-quiz.js';
import { upNext } from './up-next.js';
import { REMINDER_TIMER } from './lesson-reminders.js';
import { award } from './badges-award.js';
import { streakNews } from './learning/streak-news.js';
import { streakNotes } from './streak-notes.js';

/** Everything the end of an attempt writes and says. */
export const finishAttempt = (
  catalog: ContentCatalog,
  context: LessonContext,
  event: ConversationEvent,
): Effect[] => {
  const prefs = prefsOf(event);
  const at = atOf(event, context.startedAt);
  const total = context.answers.length;
  const passMark = catalog.course(context.course)?.passMark ?? 70;
  const passed = total === 0 || (context.score / total) * 100 >= passMark;
  const progress = withCourse(prefs, context.course, (state) => {
    const before = state.attempts[context.lesson];
    return {
      ...state,
      completed: state.completed.includes(context.lesson)
        ? state.completed
        : [...state.completed, context.lesson],
      attempts: {
        ...state.attempts,
        [context.lesson]: {
          count: context.attempt,
          best: Math.max(before?.best ?? 0, context.score),
          total,
        },
      },
    };
  });
  const firstCompletion = !(prefs.progress[context.course]?.completed ?? []).includes(context.lesson);
  const seconds = Math.max(0, Math.round((Date.parse(at) - Date.parse(context.startedAt)) / 1000));
  const streak = recordActivity(prefs.streak, new Date(at), context.zone);
  const news = streakNews(prefs.streak, streak, new Date(at), context.zone);
  const courseDone =
    nextLesson(catalog.lessons(context.course), progress[context.course]?.completed ?? []) === null;
  // The course finished just now (all lessons done, the last quiz passed): its badge and certificate.
  const finished = (state: typeof prefs) => courseFinished(catalog, state, context.course);
  const finishedNow = finished({ ...prefs, progress }) && !finished(prefs);
  const counts = {
    ...prefs.counts,
    perfectQuizzes: prefs.counts.perfectQuizzes + (total > 0 && context.score === total ? 1 : 0),
    courses: prefs.counts.courses + (finishedNow ? 1 : 0),
  };
  // Badges earned by this attempt: stored now, celebrated once this turn's messages are out.
  const badges = award(
    { ...prefs, progress, streak, counts },
    { kind: 'lesson', at, daysAway: news.daysAway },
    context.language,
  );
  const effects: Effect[] = [
    { type: 'cancelTimer', params: { name: REMINDER_TIMER } },
    {
      type: 'callService',
      params: {
        service: 'quiz.attempt',
        input: {
          course: context.course,
          lesson: context.lesson,
          attempt: context.attempt,
          score: context.score,
          total,
          passed,
          answers: context.answers,
        },
      },
    },
    ...(firstCompletion
      ? [
          {
            type: 'callService' as const,
            params: {
              service: 'lesson.completed',
              input: {
                course: context.course,
                lesson: context.lesson,
                startedAt: context.startedAt,
                completedAt: at,
                secondsSpent: seconds,
              },
            },
          },
        ]
      : []),
    {
      type: 'updateProfile',
      params: {
        learning: {
          progress,
          streak,
          lastQuiz: { course: context.course, lesson: context.lesson, score: context.score, total, at },
          ...(firstCompletion ? { secondsSpent: prefs.secondsSpent + seconds } : {}),
          counts,
          badges: badges.badges,
        },
      },
    },
    ...badges.effects,
    ...streakNotes(news, streak),
  ];
  const time = prefs.lessonTime ?? '07:30';
  const shownStreak = streakAsOf(streak, new Date(at), context.zone);
  if (finishedNow) effects.push(issueCertificate(context.course, at));
  if (!passed) {
    // What was right is praised first; the learner picks what comes next (no next lesson after the last).
    const buttons = [
      { id: 'RETRY', key: 'quiz.retry' },
      ...(courseDone ? [] : [{ id: 'NEXT', key: 'quiz.nextLesson' }]),
      { id: 'LATER', key: 'quiz.later' },
    ];
    const vars = { score: context.score, total, count: context.score, percent: passMark };
    effects.push({
      type: 'send',
      params: { key: context.score === 0 ? 'quiz.failedNone' : 'quiz.failed', vars, buttons },
    });
    return effects;
  }
  // What really comes next: no lesson after the course's last, none while paused, else today's or tomorrow's.
  const next = upNext(catalog, { ...prefs, progress }, context.zone, new Date(at), false).kind;
  const passedKey = { courseDone: 'quiz.passedLast', paused: 'quiz.passedPaused', today: 'quiz.passedToday' };
  effects.push({
    type: 'send',
    params: {
      key: passedKey[next as keyof typeof passedKey] ?? 'quiz.passed',
      vars: { score: context.score, total, streak: shownStreak, time },
    },
  });
  // What REVIEW runs if tapped now: due now, with this quiz's last answer on its card (its update is
  // this turn's, not yet in the learner's state); cards due when the lesson began may be more or fewer.
  const last = context.answers.at(-1);
  const updated = last ? cardUpdate(context, event, last.question, last.correct) : [];
  const cards = updated.flatMap((e) =>
    e.type === 'updateProfile' && Array.isArray(e.params.learning?.cards)
      ? [e.params.learning.cards as ReviewCard[]]
      : [],
  )[0];
  const due = dueItems(cards ?? prefs.cards, new Date(at)).length;
  if (courseDone)
    effects.push(
      courseEnd(catalog, { ...prefs, progress }, context.course, context.language, due),
      ...askGoal(catalog, { ...prefs, progress }, context.language, at),
    );
  else if (due > 0)
    effects.push({
      type: 'send',
      params: { key: 'review.offer', vars: { count: due }, buttons: [{ id: 'REVIEW', key: 'review.now' }] },
    });
  return effects;
};
