/*
 * What the root conversation does for the learner's journey in any state, without disturbing the
 * running flow: the daily lesson timer (a root timer, so it outlives every flow), the commands
 * NEXT, RETRY, LATER, REVIEW, PAUSE, RESUME, COURSE(S), EXPORT (the settings ones are in
 * settings-commands.ts, PROGRESS in progress-command.ts), with Swahili words beside the English ones (command-words.ts), MENU and
 * the reply to anything else (menu.ts). Each handler returns the effects the root performs.
 * Decisions: a quiz left open holds back the next lesson (NEXT and the daily time say so, and the
 * question is asked again); switching to another course closes the old course's open quiz (its
 * lesson comes again on return), so NEXT is never blocked by a question many messages up.
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect } from '../engine/effects.js';
import type { RootCommand, RootExtensions, RootInput } from '../engine/registry.js';
import {
  command,
  DAILY_LESSON_TIMER,
  journeyOf as context,
  onboardedOnly,
  quizPending,
  scheduleDaily,
  send,
} from './command-kit.js';
import { courseState } from './learning/index.js';
import { hasAccess } from './learning/access.js';
import { localDay } from './learning/lesson-time.js';
import { dueItems } from './learning/review.js';
import { startLesson as startLessonOf } from './lesson-start.js';
import { courseChoiceTitle } from './payment-offer.js';
import { startPayment } from './payment-start.js';
import { learnerFallback, learnerMenu } from './menu.js';
import { inLanguage } from './questions.js';
import { settingsCommands } from './settings-commands.js';
import { upNext } from './up-next.js';

export { DAILY_LESSON_TIMER } from './command-kit.js';

export function createJourneyExtensions(catalog: ContentCatalog): RootExtensions {
  const courseTitle = (slug: string | undefined, language: string) =>
    inLanguage(catalog.course(slug ?? '')?.title, language);

  const startLesson = (input: RootInput, daily: boolean) => startLessonOf(catalog, input, daily);

  const commands: RootCommand[] = [
    command(
      'next',
      onboardedOnly((input) => startLesson(input, false)),
      'none',
    ),
    command(
      'retry',
      onboardedOnly((input) => {
        const { state, language, zone } = context(input);
        const last = state.lastQuiz;
        if (!last || quizPending(input)) return startLesson(input, false);
        const attempt = (courseState(state, last.course).attempts[last.lesson]?.count ?? 1) + 1;
        const lessonInput = {
          course: last.course,
          lesson: last.lesson,
          language,
          zone,
          at: input.at,
          attempt,
          recent: state.recentAnswers,
        };
        return [{ type: 'startFlow', params: { flow: 'lesson', input: { ...lessonInput, retry: true } } }];
      }),
      'none',
    ),
    // [Later] under a failed quiz's result, or typed: nothing now, and how to come back to it. While
    // a quiz or review question waits, that flow puts it off and reminds the learner later.
    command(
      'later',
      onboardedOnly((input) =>
        input.activeFlow === 'lesson' || input.activeFlow === 'review'
          ? [{ type: 'reprompt', params: { reason: 'later' } }]
          : [send('commands.later')],
      ),
      'none',
    ),
    command(
      'review',
      onboardedOnly((input) => {
        const { state, now, language } = context(input);
        if (quizPending(input)) return [send('commands.finishQuizFirst')];
        const ids = dueItems(state.cards, now).map((card) => card.questionId);
        return [{ type: 'startFlow', params: { flow: 'review', input: { ids, language, at: input.at } } }];
      }),
      'none',
    ),
    command(
      'pause',
      onboardedOnly((input) =>
        context(input).state.paused === 'learner'
          ? [send('commands.alreadyPaused')]
          : [
              { type: 'updateProfile', params: { learning: { paused: 'learner' } } },
              { type: 'callService', params: { service: 'learner.paused', input: { reason: 'learner' } } },
              send('commands.paused'),
            ],
      ),
      'none',
    ),
    command(
      'resume',
      onboardedOnly((input) => {
        const { state, now, zone } = context(input);
        const time = state.lessonTime!;
        // ENDELEA is "go on": with nothing paused, the learner wants the next lesson.
        if (!state.paused && input.word === 'ENDELEA') return startLesson(input, false);
        // What comes next once lessons are on again: the open quiz, no lesson left, or the time.
        const next = upNext(catalog, { ...state, paused: undefined }, zone, now, quizPending(input)).kind;
        const suffix = next === 'quizOpen' ? 'QuizOpen' : next === 'courseDone' ? 'CourseDone' : '';
        if (!state.paused) return [send(`commands.notPaused${suffix}`, { time })];
        return [
          { type: 'updateProfile', params: { learning: { paused: null } } },
          scheduleDaily(now, zone, time, state.lastLessonDay),
          send(`commands.resumed${suffix}`, { time }),
        ];
      }),
      'none',
    ),
    command(
      'courses',
      onboardedOnly((input) => {
        const { state, language, zone, now } = context(input);
        const wanted = input.argument.toLowerCase();
        if (wanted) {
          const course = catalog.course(wanted);
          if (!course || course.archived) return [send('commands.courseUnknown')];
          // A premium course not paid for: the offer to buy it; the switch comes with the payment.
          if (!hasAccess(state.access, course, context(input).now))
            return startPayment(catalog, input, { course: course.slug });
          const courses = state.courses.includes(course.slug)
            ? state.courses
            : [...state.courses, course.slug];
          const closing: Effect[] =
            quizPending(input) && course.slug !== state.course
              ? [
                  send('commands.quizClosed', { course: courseTitle(state.course, language) }),
                  { type: 'endFlow', params: {} },
                ]
              : [];
          // A course with every lesson done promises no next lesson.
          const done =
            upNext(catalog, { ...state, course: course.slug }, zone, now, false).kind === 'courseDone';
          return [
            ...closing,
            { type: 'updateProfile', params: { learning: { course: course.slug, courses } } },
            send(done ? 'commands.courseSetDone' : 'commands.courseSet', {
              course: courseTitle(course.slug, language),
              time: state.lessonTime!,
            }),
          ];
        }
        const listed = catalog.courses().filter((c) => c.languages.includes(language as never));
        const rows = listed.map((c) => ({
          id: `COURSE ${c.slug}`,
          key: 'quiz.option',
          vars: { answer: courseChoiceTitle(catalog, c.slug, language) },
        }));
        const courses = listed
          .map((c, i) => `${i + 1}. ${courseChoiceTitle(catalog, c.slug, language)}`)
          .join('\n');
        const choices =
          rows.length <= 3 ? { buttons: rows } : { list: { buttonKey: 'onboarding.courseButton', rows } };
        return [send('commands.courses', { courses }, choices)];
      }),
    ),
    command(
      'export', // The turn's time names the request: each EXPORT gets its own file, and a rerun after a crash the same one.
      ({ at }) => [
        { type: 'callService', params: { service: 'export.request', input: { requestId: at } } },
        send('commands.export'),
      ],
      'none',
    ),
  ];

  return {
    commands: [...commands, ...settingsCommands(courseTitle)],
    menu: learnerMenu,
    fallback: (input) => learnerFallback(catalog, input),
    timers: {
      [DAILY_LESSON_TIMER]: (input) => {
        const { state, now, zone } = context(input);
        if (!state.lessonTime) return [];
        const next = scheduleDaily(now, zone, state.lessonTime);
        // At most one scheduled lesson a local day: a timer set before the day's lesson went does nothing.
        const hadLesson = state.lastLessonDay === localDay(now, zone);
        return state.paused || hadLesson ? [next] : [...startLesson(input, true), next];
      },
    },
    events: {
      // The readable PDF as a document; the machine-readable record is the admin API's, not the chat's.
      exportReady: (input) => [
        send('commands.exportReady', undefined, {
          media: {
            type: 'document',
            url: String(input.data.url ?? ''),
            caption: String(input.data.filename ?? ''),
          },
          // "The file will come here in a moment" was promised: if WhatsApp refuses it, say sorry.
          fallback: { key: 'commands.exportNotSent' },
        }),
      ],
      exportFailed: () => [send('commands.exportFailed')],
    },
    onStart: (input) => {
      const { state, now, zone } = context(input);
      return state.lessonTime ? [scheduleDaily(now, zone, state.lessonTime, state.lastLessonDay)] : [];
    },
  };
}
