import { and, assign, setup } from 'xstate';
import type { ContentCatalog } from '../content/catalog.js';
import { effectActions, perform } from '../engine/effects.js';
import type { ConversationEvent } from '../engine/events.js';
import type { FlowDefinition } from '../engine/registry.js';
import { quizOrder } from './learning/difficulty.js';
import { atOf, inputOf, prefsOf, type LessonContext, type LessonInput } from './lesson-context.js';
import { lessonMessages, lessonTitle } from './lesson-delivery.js';
import { finishAttempt } from './lesson-finish.js';
import {
  cardUpdate,
  currentQuestion,
  questionMessage,
  questionsOf,
  saysOk,
  writtenQuiz,
} from './lesson-quiz.js';
import {
  heldBackTakesReminder,
  lastReminderNear,
  lessonTimeComing,
  REMINDER_TIMER,
  reminderEffects,
  scheduleReminder,
  skipReminder,
} from './lesson-reminders.js';
import { notAnAnswer } from './not-an-answer.js';
import { feedback, markAnswer } from './questions.js';
import { asksTutor, tutorQuestion } from './tutor-question.js';

export { REMINDER_TIMER } from './lesson-reminders.js';
export type { LessonInput } from './lesson-context.js';

/**
 * One lesson: formatted for WhatsApp with its media, then its quiz one question at a time with
 * immediate feedback; reminders while a question waits; the attempt scored and stored, the lesson
 * marked complete, the streak kept, each answer made a review card. Started by the root (daily
 * timer, NEXT, RETRY) with the course, the lesson and the learner's recent answers, which pick the
 * quiz's first question (quizOrder: every question is still asked); ends when the quiz is done.
 * A question typed instead of an answer goes to the tutor, and the quiz question follows its answer.
 */
export function createLessonFlow(catalog: ContentCatalog): FlowDefinition {
  const firstCourse = catalog.courses()[0]?.slug ?? '';
  const question = (context: LessonContext) => currentQuestion(catalog, context);
  const prompt = (context: LessonContext) => questionMessage(catalog, context);

  const machine = setup({
    types: {
      context: {} as LessonContext,
      events: {} as ConversationEvent,
      input: {} as LessonInput | undefined,
    },
    actions: {
      ...effectActions,
      startLesson: perform((context) => [
        ...lessonMessages(catalog, context),
        {
          type: 'send',
          params: { key: 'quiz.intro', vars: { count: questionsOf(catalog, context).length } },
        },
        { type: 'send', params: prompt(context) },
        ...scheduleReminder(context, 0),
      ]),
      recordAnswer: assign(({ context, event }) => {
        const check = markAnswer(question(context)!, inputOf(event), context.language);
        return {
          score: context.score + (check.correct ? 1 : 0),
          answers: [
            ...context.answers,
            {
              question: question(context)!.id,
              answer: inputOf(event),
              correct: check.correct,
            },
          ],
        };
      }),
      giveFeedback: perform((context, event) => {
        const check = markAnswer(question(context)!, inputOf(event), context.language);
        return [
          { type: 'cancelTimer', params: { name: REMINDER_TIMER } },
          { type: 'send', params: feedback(question(context)!, check, context.language) },
          ...cardUpdate(context, event, question(context)!.id, check.correct),
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
      askAgain: perform((context, event) =>
        notAnAnswer(inputOf(event), prompt(context), question(context)!).map((params) => ({
          type: 'send' as const,
          params,
        })),
      ),
      // The tutor answers; its answer brings the question back (flows/tutor-question.ts).
      askTutor: perform((context, event) =>
        tutorQuestion(catalog, event, 'lesson', { course: context.course, lesson: context.lesson }),
      ),
      repeatQuestion: perform((context) => [{ type: 'send', params: prompt(context) }]),
      // The daily time came while this quiz is open: it holds the next lesson back, and says so
      // once (the reminders keep count after that).
      noteHeldBack: assign({ heldBack: true }),
      sayHeldBack: perform((context) => [
        {
          type: 'send',
          params: {
            key: 'quiz.heldBack',
            vars: { lesson: lessonTitle(catalog, context) },
            template: 'quiz_reminder',
          },
        },
      ]),
      // A command changed the language or time zone meanwhile: the rest of the quiz follows it.
      followLearner: assign(({ context, event }) => ({
        language: event.learner?.language ?? context.language,
        zone: event.learner?.timezone ?? context.zone,
      })),
      finish: perform((context, event) => finishAttempt(catalog, context, event)),
      welcomeBack: perform((context, event) => {
        const restarted = { ...context, askedAt: atOf(event, context.askedAt) };
        return [
          { type: 'updateProfile', params: { learning: { paused: null } } },
          { type: 'send', params: { key: 'quiz.welcomeBack' } },
          { type: 'send', params: prompt(context) },
          ...scheduleReminder(restarted, 0),
        ];
      }),
      restartReminders: assign(({ context, event }) => ({
        reminders: 0,
        askedAt: atOf(event, context.askedAt),
      })),
      remind: perform((context, event) => reminderEffects(context, event, lessonTitle(catalog, context))),
      skipReminder: perform((context) => skipReminder(context)),
      // LATER while the question waits: it is not shown now; reminders start over from now, OK brings it back.
      sayLater: perform((context) => [
        {
          type: 'send',
          params: { key: 'quiz.laterWaiting', vars: { lesson: lessonTitle(catalog, context) } },
        },
      ]),
      notePutOff: assign({ later: true }),
      clearReminderPause: perform((_context, event) =>
        prefsOf(event).paused === 'reminders'
          ? [{ type: 'updateProfile', params: { learning: { paused: null } } }]
          : [],
      ),
      scheduleFirstReminder: perform((context) => scheduleReminder(context, 0)),
      countReminder: assign(({ context }) => ({ reminders: context.reminders + 1 })),
    },
    guards: {
      // The learner wrote (an answer, anything, or a command the root took) after the reminders paused them.
      resumesAfterPause: ({ event }) =>
        (event.type === 'learner.message' || event.type === 'flow.reprompt') &&
        prefsOf(event).paused === 'reminders',
      atLessonTime: ({ event }) => event.type === 'flow.reprompt' && event.reason === 'lessonTime',
      heldBackSaid: ({ context, event }) =>
        event.type === 'flow.reprompt' && event.reason === 'lessonTime' && context.heldBack === true,
      asksTutor: ({ context, event }) =>
        event.type === 'learner.message' && asksTutor(question(context)!, inputOf(event), context.language),
      answers: ({ context, event }) =>
        event.type === 'learner.message' &&
        markAnswer(question(context)!, inputOf(event), context.language).valid,
      isLast: ({ context }) => context.index + 1 >= questionsOf(catalog, context).length,
      okAfterReminder: ({ context, event }) =>
        (context.reminders > 0 || context.later === true) && saysOk(inputOf(event)),
      putOff: ({ event }) => event.type === 'flow.reprompt' && event.reason === 'later',
      heldBackTakesReminder: ({ context, event }) => heldBackTakesReminder(context, event),
      lastReminderNear: ({ context, event }) => lastReminderNear(context, event),
      lessonTimeComing: ({ context, event }) => lessonTimeComing(context, event),
      // A learner who sent PAUSE gets no quiz reminders either; the question still waits for them.
      isReminder: ({ event }) =>
        event.type === 'timer.fired' && event.name === REMINDER_TIMER && prefsOf(event).paused !== 'learner',
      hasQuiz: ({ context }) => questionsOf(catalog, context).length > 0,
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
        order: quizOrder(writtenQuiz(catalog, course, lesson), input?.recent ?? []).map((q) => q.id),
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
            { guard: 'asksTutor', actions: 'askTutor' },
            {
              guard: 'answers',
              actions: ['recordAnswer', 'giveFeedback'],
              target: 'answered',
            },
            { guard: 'okAfterReminder', actions: 'repeatQuestion' },
            { actions: 'askAgain' },
          ],
          'timer.fired': [
            { guard: and(['isReminder', 'lessonTimeComing']), actions: ['skipReminder', 'countReminder'] },
            { guard: 'isReminder', actions: ['remind', 'countReminder'] },
          ],
          'flow.reprompt': [
            {
              guard: 'putOff',
              actions: [
                'clearReminderPause',
                'sayLater',
                'notePutOff',
                'restartReminders',
                'scheduleFirstReminder',
              ],
            },
            { guard: 'heldBackSaid' },
            {
              guard: and(['atLessonTime', 'heldBackTakesReminder']),
              actions: ['sayHeldBack', 'noteHeldBack', 'skipReminder', 'countReminder'],
            },
            { guard: and(['atLessonTime', 'lastReminderNear']), actions: 'noteHeldBack' },
            { guard: 'atLessonTime', actions: ['sayHeldBack', 'noteHeldBack'] },
            { guard: 'resumesAfterPause', actions: ['followLearner', 'welcomeBack', 'restartReminders'] },
            { actions: ['followLearner', 'repeatQuestion'] },
          ],
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
    // The first lesson of the first course: right and wrong answers, a reply that is no answer, a question.
    samples: [
      tapped('a'),
      tapped('b'),
      tapped('false'),
      typed('1500'),
      typed('?'),
      typed('what is a need?'),
      { type: 'flow.reprompt', reason: 'interruption' },
      { type: 'flow.reprompt', reason: 'lessonTime' },
      { type: 'flow.reprompt', reason: 'later' },
    ],
  };
}
