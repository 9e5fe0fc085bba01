/*
 * What the root conversation does for the learner's journey in any state, without disturbing the
 * running flow: the daily lesson timer (a root timer, so it outlives every flow) and the commands
 * PROGRESS, NEXT, RETRY, LATER, REVIEW, PAUSE, RESUME, TIME, LANGUAGE, COURSE(S), SETTINGS and EXPORT, with
 * Swahili words beside the English ones. Each handler returns the effects the root performs.
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect } from '../engine/effects.js';
import type { RootCommand, RootExtensions, RootInput } from '../engine/registry.js';
import { parseTimeOfDay } from '../engine/flow-compiler/answers.js';
import { parseSwahiliTime } from '../shared/swahili-time.js';
import { courseEnd } from './course-end.js';
import { nextLessonAfterToday, nextLessonAt } from './learning/lesson-time.js';
import { cityOf } from './learning/local-time.js';
import { courseState, learningStateOf } from './learning/index.js';
import { isQuietTime } from './learning/quiet-hours.js';
import { dueItems } from './learning/review.js';
import { courseProgress, nextLesson } from './learning/sequence.js';
import { streakAsOf } from './learning/streak.js';
import { inLanguage } from './questions.js';

export const DAILY_LESSON_TIMER = 'lesson.daily';
const LANGUAGE_NAMES: Record<string, string> = { en: 'English', sw: 'Kiswahili' };

const send = (key: string, vars?: Record<string, string | number>, extra: object = {}): Effect => ({
  type: 'send',
  params: { key, ...(vars ? { vars } : {}), ...extra },
});

export function createJourneyExtensions(catalog: ContentCatalog): RootExtensions {
  const context = (input: RootInput) => {
    const learner = input.learner;
    const state = learningStateOf(learner?.learning);
    return {
      state,
      language: learner?.language ?? 'en',
      zone: learner?.timezone ?? 'Africa/Nairobi',
      now: new Date(input.at),
      onboarded: state.lessonTime !== undefined && state.course !== undefined,
    };
  };
  const courseTitle = (slug: string | undefined, language: string) =>
    inLanguage(catalog.course(slug ?? '')?.title, language);
  const scheduleDaily = (now: Date, zone: string, time: string): Effect => ({
    type: 'schedule',
    params: { name: DAILY_LESSON_TIMER, dueAt: nextLessonAt(now, zone, time).toISOString() },
  });
  /** A quiz started and not yet finished: the learner answers it before getting another lesson. */
  const quizPending = (input: RootInput) => input.activeFlow === 'lesson';

  /** Starts the next lesson of the learner's course, or says why not. */
  const startLesson = (input: RootInput, daily: boolean): Effect[] => {
    const { state, language, zone, now } = context(input);
    if (!state.course) return daily ? [] : [send('commands.notYet')];
    if (quizPending(input)) return daily ? [] : [send('commands.finishQuizFirst')];
    const lessons = catalog.lessons(state.course);
    const lesson = nextLesson(lessons, courseState(state, state.course).completed);
    if (!lesson) return daily ? [] : [courseEnd(catalog, state, state.course, language)];
    const review = dueItems(state.cards, now).map((card) => card.questionId);
    // A lesson pulled with NEXT stands for that day's: the scheduled one moves to the next day.
    const daysLesson: Effect[] =
      !daily && state.lessonTime
        ? [
            {
              type: 'schedule',
              params: {
                name: DAILY_LESSON_TIMER,
                dueAt: nextLessonAfterToday(now, zone, state.lessonTime).toISOString(),
              },
            },
          ]
        : [];
    return [
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
  };

  const progress = (input: RootInput): Effect[] => {
    const { state, language, zone, now } = context(input);
    const courses = (state.courses.length ? state.courses : state.course ? [state.course] : [])
      .map((slug) => {
        const { done, total } = courseProgress(catalog.lessons(slug), courseState(state, slug).completed);
        return `${courseTitle(slug, language)}: ${done}/${total}`;
      })
      .join('\n📚 ');
    const vars = { courses, streak: streakAsOf(state.streak, now, zone), count: state.streak.longest };
    const last = state.lastQuiz;
    if (!last) return [send('commands.progressNoQuiz', vars)];
    const lesson = inLanguage(catalog.lesson(last.course, last.lesson)?.title, language);
    return [send('commands.progress', { ...vars, score: last.score, total: last.total, lesson })];
  };

  const command = (
    id: string,
    words: string[],
    run: RootCommand['run'],
    argument?: RootCommand['argument'],
  ): RootCommand => ({ id, words, run, ...(argument ? { argument } : {}) });
  const withNotDuring =
    (flows: string[]) =>
    (...args: Parameters<typeof command>): RootCommand => ({ ...command(...args), notDuring: flows });
  const onboardedOnly =
    (run: RootCommand['run']): RootCommand['run'] =>
    (input) =>
      context(input).onboarded ? run(input) : [send('commands.notYet')];

  const commands: RootCommand[] = [
    command('progress', ['PROGRESS', 'MAENDELEO'], onboardedOnly(progress), 'none'),
    command(
      'next',
      ['NEXT', 'LESSON', 'SOMO'],
      onboardedOnly((input) => startLesson(input, false)),
      'none',
    ),
    command(
      'retry',
      ['RETRY', 'JARIBU'],
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
    // [Later] under a failed quiz's result, or typed: nothing now, and how to come back to it.
    command(
      'later',
      ['LATER', 'BAADAYE'],
      onboardedOnly(() => [send('commands.later')]),
      'none',
    ),
    command(
      'review',
      ['REVIEW', 'RUDIA'],
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
      ['PAUSE', 'PUMZIKA'],
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
      ['RESUME', 'ENDELEA'],
      onboardedOnly((input) => {
        const { state, now, zone } = context(input);
        const time = state.lessonTime!;
        if (!state.paused) return [send('commands.notPaused', { time })];
        return [
          { type: 'updateProfile', params: { learning: { paused: null } } },
          scheduleDaily(now, zone, time),
          send('commands.resumed', { time }),
        ];
      }),
      'none',
    ),
    // Onboarding asks for a time itself: "saa moja asubuhi" there is its answer, not this command.
    withNotDuring(['onboarding'])(
      'time',
      ['TIME', 'SAA'],
      onboardedOnly((input) => {
        const { now, zone } = context(input);
        // SAA moja asubuhi: the Swahili clock after the command word, as at onboarding's time question.
        const time = parseTimeOfDay(input.argument) ?? parseSwahiliTime(input.argument);
        if (!time || isQuietTime(time)) return [send('commands.timeInvalid')];
        return [
          { type: 'updateProfile', params: { learning: { lessonTime: time } } },
          scheduleDaily(now, zone, time),
          send('commands.timeSet', { time, zone: cityOf(zone) }),
        ];
      }),
    ),
    command('language', ['LANGUAGE', 'LUGHA'], (input) => {
      const wanted = input.argument.toLowerCase();
      if (wanted === 'en' || wanted === 'sw')
        return [{ type: 'updateProfile', params: { language: wanted } }, send('commands.languageSet')];
      return [
        send('commands.language', undefined, {
          buttons: [
            { id: 'LANGUAGE en', key: 'ask.language.en' },
            { id: 'LANGUAGE sw', key: 'ask.language.sw' },
          ],
        }),
      ];
    }),
    command(
      'courses',
      ['COURSES', 'COURSE', 'KOZI'],
      onboardedOnly((input) => {
        const { state, language } = context(input);
        const wanted = input.argument.toLowerCase();
        if (wanted) {
          const course = catalog.course(wanted);
          if (!course || course.archived) return [send('commands.courseUnknown')];
          const courses = state.courses.includes(course.slug)
            ? state.courses
            : [...state.courses, course.slug];
          return [
            { type: 'updateProfile', params: { learning: { course: course.slug, courses } } },
            send('commands.courseSet', {
              course: courseTitle(course.slug, language),
              time: state.lessonTime!,
            }),
          ];
        }
        const listed = catalog.courses().filter((c) => c.languages.includes(language as never));
        const rows = listed.map((c) => ({
          id: `COURSE ${c.slug}`,
          key: 'quiz.option',
          vars: { answer: inLanguage(c.title, language) },
        }));
        const courses = listed.map((c, i) => `${i + 1}. ${inLanguage(c.title, language)}`).join('\n');
        const choices =
          rows.length <= 3 ? { buttons: rows } : { list: { buttonKey: 'onboarding.courseButton', rows } };
        return [send('commands.courses', { courses }, choices)];
      }),
    ),
    command(
      'settings',
      ['SETTINGS', 'MIPANGILIO'],
      onboardedOnly((input) => {
        const { state, language, zone } = context(input);
        return [
          send(state.paused ? 'commands.settingsPaused' : 'commands.settings', {
            name: input.learner?.name ?? '',
            language: LANGUAGE_NAMES[language] ?? language,
            course: courseTitle(state.course, language),
            time: state.lessonTime!,
            zone: cityOf(zone),
          }),
        ];
      }),
      'none',
    ),
    command(
      'export',
      ['EXPORT', 'DATA'],
      // The turn's time names the request: each EXPORT gets its own file, and a rerun after a crash the same one.
      ({ at }) => [
        { type: 'callService', params: { service: 'export.request', input: { requestId: at } } },
        send('commands.export'),
      ],
      'none',
    ),
  ];

  return {
    commands,
    timers: {
      [DAILY_LESSON_TIMER]: (input) => {
        const { state, now, zone } = context(input);
        if (!state.lessonTime) return [];
        const next = scheduleDaily(now, zone, state.lessonTime);
        return state.paused ? [next] : [...startLesson(input, true), next];
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
      return state.lessonTime ? [scheduleDaily(now, zone, state.lessonTime)] : [];
    },
  };
}
