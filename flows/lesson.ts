import { assign, enqueueActions, setup } from 'xstate';
import type { ContentCatalog } from '../content/catalog.js';
import type { Question } from '../content/types.js';
import { effectActions, type Effect } from '../engine/effects.js';
import type { ConversationEvent } from '../engine/events.js';
import type { FlowDefinition } from '../engine/registry.js';
import { quizOrder, withRecentAnswer } from './learning/difficulty.js';
import { cardId, learningOf, withCourse, type LearningPreferences } from './learning/preferences.js';
import { nextReminder } from './learning/reminders.js';
import { firstAnswer, reviewAnswer } from './learning/review.js';
import { nextLesson } from './learning/sequence.js';
import { recordActivity, streakAsOf } from './learning/streak.js';
import { askAgain, feedback, inLanguage, markAnswer, questionPrompt } from './questions.js';

export const REMINDER_TIMER = 'lesson.reminder';
const OK_WORDS = new Set(['ok', 'okay', 'sawa', 'yes', 'ndiyo']);

interface Answered {
  question: string;
  answer: string;
  correct: boolean;
}

export interface LessonInput {
  course?: string;
  lesson?: string;
  language?: string;
  zone?: string;
  at?: string;
  /** Sent by the daily timer: the first message may go as the `lesson_ready` template. */
  daily?: boolean;
  /** A retry of the quiz alone (RETRY), as attempt number `attempt`. */
  retry?: boolean;
  attempt?: number;
  /** Review cards due when the lesson started, offered after its quiz. */
  review?: string[];
  /** The learner's last quiz answers (preferences `recentAnswers`): the quiz's first question follows them. */
  recent?: boolean[];
}

interface LessonContext {
  course: string;
  lesson: string;
  language: string;
  zone: string;
  startedAt: string;
  daily: boolean;
  retry: boolean;
  attempt: number;
  review: number;
  /** Question ids in the order this quiz asks them (flows/learning/difficulty.ts quizOrder). */
  order?: string[];
  index: number;
  score: number;
  answers: Answered[];
  /** When the question now waiting was sent: reminders count from it. */
  askedAt: string;
  reminders: number;
}

const inputOf = (event: ConversationEvent) => (event.type === 'learner.message' ? event.input : '');
const atOf = (event: ConversationEvent, fallback: string) => event.at ?? fallback;
const prefsOf = (event: ConversationEvent): LearningPreferences => learningOf(event.learner?.preferences);

/**
 * One lesson: formatted for WhatsApp with its media, then its quiz one question at a time with
 * immediate feedback; reminders while a question waits; the attempt scored and stored, the lesson
 * marked complete, the streak kept, each answer made a review card. Started by the root (daily
 * timer, NEXT, RETRY) with the course, the lesson and the learner's recent answers, which pick the
 * quiz's first question (quizOrder: every question is still asked); ends when the quiz is done.
 */
export function createLessonFlow(catalog: ContentCatalog): FlowDefinition {
  const firstCourse = catalog.courses()[0]?.slug ?? '';
  const writtenQuiz = (course: string, lesson: string): Question[] =>
    catalog.lesson(course, lesson)?.quiz ?? [];
  // A conversation saved before quizzes had an order, or content changed since: as written, after the order kept.
  const questionsOf = (context: LessonContext): Question[] => {
    const written = writtenQuiz(context.course, context.lesson);
    const order = context.order ?? [];
    const ordered = order.flatMap((id) => written.filter((q) => q.id === id));
    return [...ordered, ...written.filter((q) => !order.includes(q.id))];
  };
  const question = (context: LessonContext) => questionsOf(context)[context.index];
  const prompt = (context: LessonContext) =>
    questionPrompt(
      question(context)!,
      context.language,
      context.index + 1,
      questionsOf(context).length,
      'quiz',
    );
  const reminderAt = (context: LessonContext, count: number) =>
    nextReminder(new Date(context.askedAt), count, context.zone)?.toISOString();
  const scheduleReminder = (context: LessonContext, count: number): Effect[] => {
    const dueAt = reminderAt(context, count);
    return dueAt ? [{ type: 'schedule', params: { name: REMINDER_TIMER, dueAt } }] : [];
  };
  const lessonTitle = (context: LessonContext) =>
    inLanguage(catalog.lesson(context.course, context.lesson)?.title, context.language);
  const courseTitle = (context: LessonContext) =>
    inLanguage(catalog.course(context.course)?.title, context.language);

  /** Everything the end of an attempt writes and says. */
  const finish = (context: LessonContext, event: ConversationEvent): Effect[] => {
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
          preferences: {
            progress,
            streak,
            lastQuiz: { course: context.course, lesson: context.lesson, score: context.score, total, at },
            ...(firstCompletion ? { secondsSpent: prefs.secondsSpent + seconds } : {}),
          },
        },
      },
    ];
    const time = prefs.lessonTime ?? '07:30';
    const shownStreak = streakAsOf(streak, new Date(at), context.zone);
    if (!passed) {
      effects.push({
        type: 'send',
        params: {
          key: 'quiz.failed',
          vars: { score: context.score, total, count: passMark },
          buttons: [{ id: 'RETRY', key: 'quiz.retry' }],
        },
      });
      return effects;
    }
    effects.push({
      type: 'send',
      params: { key: 'quiz.passed', vars: { score: context.score, total, streak: shownStreak, time } },
    });
    const completed = progress[context.course]?.completed ?? [];
    if (nextLesson(catalog.lessons(context.course), completed) === null)
      effects.push({
        type: 'send',
        params: { key: 'lesson.courseDone', vars: { course: courseTitle(context) } },
      });
    else if (context.review > 0)
      effects.push({
        type: 'send',
        params: {
          key: 'review.offer',
          vars: { count: context.review },
          buttons: [{ id: 'REVIEW', key: 'review.now' }],
        },
      });
    return effects;
  };

  /** The answered question's review card, new or reviewed again, and the answer kept for the difficulty. */
  const cardUpdate = (context: LessonContext, event: ConversationEvent, correct: boolean): Effect[] => {
    const prefs = prefsOf(event);
    const id = cardId(context.course, context.lesson, question(context)!.id);
    const at = new Date(atOf(event, context.startedAt));
    const existing = prefs.cards.find((card) => card.questionId === id);
    const card = existing ? reviewAnswer(existing, correct, at) : firstAnswer(id, correct, at);
    // A retry reviews the card again: one that becomes a leech is reported where authors count leeches.
    const leech: Effect[] =
      card.leech && !existing?.leech
        ? [
            {
              type: 'callService',
              params: { service: 'review.answered', input: { question: id, correct, card } },
            },
          ]
        : [];
    return [
      ...leech,
      {
        type: 'updateProfile',
        params: {
          preferences: {
            cards: [...prefs.cards.filter((c) => c.questionId !== id), card],
            recentAnswers: withRecentAnswer(prefs.recentAnswers, correct),
          },
        },
      },
    ];
  };

  const lessonMessages = (context: LessonContext): Effect[] => {
    const lesson = catalog.lesson(context.course, context.lesson);
    if (!lesson || context.retry) return [];
    const lessons = catalog.lessons(context.course);
    const position = lessons.findIndex((l) => l.slug === lesson.slug) + 1;
    const media = lesson.media
      ? {
          media: {
            type: lesson.media.type,
            url: lesson.media.url,
            ...(lesson.media.caption ? { caption: inLanguage(lesson.media.caption, context.language) } : {}),
          },
        }
      : {};
    return [
      {
        type: 'send',
        params: {
          key: 'lesson.intro',
          vars: { count: position || 1, total: lessons.length, course: courseTitle(context) },
          // Outside the 24-hour window the daily lesson opens with its approved template.
          ...(context.daily ? { template: 'lesson_ready' } : {}),
        },
      },
      {
        type: 'send',
        params: { key: 'lesson.body', vars: { body: inLanguage(lesson.body, context.language) }, ...media },
      },
    ];
  };

  const machine = setup({
    types: {
      context: {} as LessonContext,
      events: {} as ConversationEvent,
      input: {} as LessonInput | undefined,
    },
    actions: {
      ...effectActions,
      startLesson: perform((context) => [
        ...lessonMessages(context),
        { type: 'send', params: { key: 'quiz.intro', vars: { total: questionsOf(context).length } } },
        { type: 'send', params: prompt(context) },
        ...scheduleReminder(context, 0),
      ]),
      recordAnswer: assign(({ context, event }) => {
        const check = markAnswer(question(context)!, inputOf(event), context.language);
        return {
          score: context.score + (check.correct ? 1 : 0),
          answers: [
            ...context.answers,
            { question: question(context)!.id, answer: inputOf(event), correct: check.correct },
          ],
        };
      }),
      giveFeedback: perform((context, event) => {
        const check = markAnswer(question(context)!, inputOf(event), context.language);
        return [
          { type: 'cancelTimer', params: { name: REMINDER_TIMER } },
          { type: 'send', params: feedback(question(context)!, check, context.language) },
          ...cardUpdate(context, event, check.correct),
        ];
      }),
      nextQuestion: assign(({ context, event }) => ({
        index: context.index + 1,
        reminders: 0,
        askedAt: atOf(event, context.askedAt),
      })),
      askQuestion: perform((context) => [
        { type: 'send', params: prompt(context) },
        ...scheduleReminder(context, 0),
      ]),
      askAgain: perform((context) => [
        { type: 'send', params: askAgain(prompt(context), question(context)!) },
      ]),
      repeatQuestion: perform((context) => [{ type: 'send', params: prompt(context) }]),
      finish: perform(finish),
      welcomeBack: perform((context, event) => {
        const restarted = { ...context, askedAt: atOf(event, context.askedAt) };
        return [
          { type: 'updateProfile', params: { preferences: { paused: null } } },
          { type: 'send', params: { key: 'quiz.welcomeBack' } },
          { type: 'send', params: prompt(context) },
          ...scheduleReminder(restarted, 0),
        ];
      }),
      restartReminders: assign(({ context, event }) => ({
        reminders: 0,
        askedAt: atOf(event, context.askedAt),
      })),
      remind: perform((context) => {
        const sent = context.reminders + 1;
        const reminder: Effect = {
          type: 'send',
          params: { key: 'quiz.reminder', vars: { lesson: lessonTitle(context) }, template: 'quiz_reminder' },
        };
        const next = scheduleReminder(context, sent);
        if (next.length > 0) return [reminder, ...next];
        // The last reminder went unanswered: pause the learner until they write.
        return [
          reminder,
          { type: 'updateProfile', params: { preferences: { paused: 'reminders' } } },
          {
            type: 'callService',
            params: { service: 'learner.paused', input: { reason: 'quiz-reminders-unanswered' } },
          },
        ];
      }),
      countReminder: assign(({ context }) => ({ reminders: context.reminders + 1 })),
    },
    guards: {
      resumesAfterPause: ({ event }) =>
        event.type === 'learner.message' && prefsOf(event).paused === 'reminders',
      answers: ({ context, event }) =>
        event.type === 'learner.message' &&
        markAnswer(question(context)!, inputOf(event), context.language).valid,
      isLast: ({ context }) => context.index + 1 >= questionsOf(context).length,
      okAfterReminder: ({ context, event }) =>
        context.reminders > 0 &&
        OK_WORDS.has(
          inputOf(event)
            .toLowerCase()
            .replace(/[.!]+$/, ''),
        ),
      isReminder: ({ event }) => event.type === 'timer.fired' && event.name === REMINDER_TIMER,
      hasQuiz: ({ context }) => questionsOf(context).length > 0,
    },
  }).createMachine({
    id: 'lesson',
    context: ({ input }) => {
      const course = input?.course ?? firstCourse;
      const lesson = input?.lesson ?? catalog.lessons(course)[0]?.slug ?? '';
      const at = input?.at ?? new Date(0).toISOString();
      return {
        course,
        lesson,
        language: input?.language ?? 'en',
        zone: input?.zone ?? 'Africa/Nairobi',
        startedAt: at,
        daily: input?.daily === true,
        retry: input?.retry === true,
        attempt: input?.attempt ?? 1,
        review: input?.review?.length ?? 0,
        order: quizOrder(writtenQuiz(course, lesson), input?.recent ?? []).map((q) => q.id),
        index: 0,
        score: 0,
        answers: [],
        askedAt: at,
        reminders: 0,
      };
    },
    initial: 'deliver',
    states: {
      deliver: {
        always: [{ guard: 'hasQuiz', target: 'asking', actions: 'startLesson' }, { target: 'done' }],
      },
      asking: {
        tags: ['awaiting'],
        on: {
          'learner.message': [
            { guard: 'resumesAfterPause', actions: ['welcomeBack', 'restartReminders'] },
            {
              guard: 'answers',
              actions: ['recordAnswer', 'giveFeedback'],
              target: 'answered',
            },
            { guard: 'okAfterReminder', actions: 'repeatQuestion' },
            { actions: 'askAgain' },
          ],
          'timer.fired': { guard: 'isReminder', actions: ['remind', 'countReminder'] },
        },
      },
      answered: {
        always: [
          { guard: 'isLast', target: 'done', actions: 'finish' },
          { target: 'asking', actions: ['nextQuestion', 'askQuestion'] },
        ],
      },
      done: { type: 'final' },
    },
  });

  const tapped = (id: string): ConversationEvent => ({
    type: 'learner.message',
    message: { kind: 'button', id },
    input: id,
  });
  const typed = (text: string): ConversationEvent => ({
    type: 'learner.message',
    message: { kind: 'text', text },
    input: text,
  });
  return {
    id: 'lesson',
    version: 1,
    description:
      'A lesson with its media, then its quiz with feedback, reminders, score, streak and review cards',
    machine,
    // The first lesson of the first course: right and wrong answers and one reply that is no answer.
    samples: [tapped('a'), tapped('b'), tapped('false'), typed('1500'), typed('?')],
  };
}

type PerformArgs = { context: LessonContext; event: ConversationEvent; enqueue: (action: Effect) => void };

/** An action performing effects worked out from the context and event (a list known only at run time). */
function perform(pick: (context: LessonContext, event: ConversationEvent) => Effect[]) {
  return enqueueActions(((args: PerformArgs) => {
    for (const effect of pick(args.context, args.event)) args.enqueue(effect);
  }) as never) as unknown as (_: unknown, params: unknown) => void;
}
