import { assign, enqueueActions, setup } from 'xstate';
import type { ContentCatalog } from '../content/catalog.js';
import type { Question } from '../content/types.js';
import { effectActions, perform } from '../engine/effects.js';
import type { ConversationEvent } from '../engine/events.js';
import type { FlowDefinition } from '../engine/registry.js';
import { cardId, learningStateOf, parseCardId } from './learning/index.js';
import { firstAnswer, reviewAnswer } from './learning/review.js';
import { notAnAnswer } from './not-an-answer.js';
import { feedback, markAnswer, questionPrompt } from './questions.js';
import { asksTutor, tutorQuestion } from './tutor-question.js';
import { saysOk } from './lesson-quiz.js';
import { nextReminder } from './learning/reminders.js';
import { upNext } from './up-next.js';
import { award } from './badges-award.js';

export interface ReviewInput {
  /** Card ids (`course/lesson/question`) due for review, most overdue first (flows/learning/review.ts dueItems). */
  ids?: string[];
  language?: string;
  at?: string;
}

interface ReviewContext {
  ids: string[];
  language: string;
  index: number;
  score: number;
  /** The learner put the review off with LATER: one reminder comes, and "OK" shows the question. */
  later?: boolean;
}

export const REVIEW_REMINDER_TIMER = 'review.reminder';

const inputOf = (event: ConversationEvent) => (event.type === 'learner.message' ? event.input : '');

/**
 * The daily review (REVIEW, or the button offered after a lesson's quiz): each due question again,
 * one at a time with feedback; each answer moves its FSRS card; a question typed instead of an
 * answer goes to the tutor, and the review question follows its answer. LATER puts the question
 * off as in a quiz: it is not shown, one reminder comes 2 hours later (out of quiet hours), and "OK"
 * or an answer goes on. Started without ids (a test or a developer), it practises the first lesson
 * of the first course.
 */
export function createReviewFlow(catalog: ContentCatalog): FlowDefinition {
  const firstCourse = catalog.courses()[0];
  const firstLesson = firstCourse?.lessons[0];
  const practice = firstLesson
    ? firstLesson.quiz.map((q) => cardId(firstCourse!.slug, firstLesson.slug, q.id))
    : [];
  const questionOf = (id: string | undefined): Question | undefined => {
    const parts = id ? parseCardId(id) : null;
    return parts
      ? catalog.lesson(parts.course, parts.lesson)?.quiz.find((q) => q.id === parts.question)
      : undefined;
  };
  const current = (context: ReviewContext) => questionOf(context.ids[context.index])!;
  const prompt = (context: ReviewContext) =>
    questionPrompt(current(context), context.language, context.index + 1, context.ids.length, 'review');

  const machine = setup({
    types: {
      context: {} as ReviewContext,
      events: {} as ConversationEvent,
      input: {} as ReviewInput | undefined,
    },
    actions: {
      ...effectActions,
      ask: perform((context) => [{ type: 'send', params: prompt(context) }]),
      askAgain: perform((context, event) =>
        notAnAnswer(inputOf(event), prompt(context), current(context)).map((params) => ({
          type: 'send' as const,
          params,
        })),
      ),
      // The tutor answers; its answer brings the question back (flows/tutor-question.ts).
      askTutor: perform((context, event) => {
        const card = parseCardId(context.ids[context.index]!)!;
        return tutorQuestion(catalog, event, 'review', { course: card.course, lesson: card.lesson });
      }),
      // After an interruption, the question again, in the language a command may just have changed.
      askAfterInterruption: enqueueActions(({ context, event, enqueue }) => {
        const language = event.learner?.language ?? context.language;
        enqueue.assign({ language });
        enqueue({ type: 'send', params: prompt({ ...context, language }) });
      }),
      mark: perform((context, event) => {
        const check = markAnswer(current(context), inputOf(event), context.language);
        const prefs = learningStateOf(event.learner?.learning);
        const id = context.ids[context.index]!;
        const at = new Date(event.at ?? 0);
        const existing = prefs.cards.find((card) => card.questionId === id);
        const card = existing
          ? reviewAnswer(existing, check.correct, at)
          : firstAnswer(id, check.correct, at);
        const counts = { ...prefs.counts, reviews: prefs.counts.reviews + 1 };
        const badges = award(
          { ...prefs, counts },
          { kind: 'review', at: at.toISOString() },
          context.language,
        );
        return [
          { type: 'send', params: feedback(current(context), check, context.language) },
          {
            type: 'callService',
            params: { service: 'review.answered', input: { question: id, correct: check.correct, card } },
          },
          {
            type: 'updateProfile',
            params: {
              learning: {
                cards: [...prefs.cards.filter((c) => c.questionId !== id), card],
                counts,
                badges: badges.badges,
              },
            },
          },
          ...badges.effects,
        ];
      }),
      putOff: perform((context, event) => {
        const dueAt = nextReminder(new Date(event.at ?? 0), 0, event.learner?.timezone ?? 'Africa/Nairobi');
        return [
          { type: 'send', params: { key: 'review.later' } },
          ...(dueAt
            ? [
                {
                  type: 'schedule' as const,
                  params: { name: REVIEW_REMINDER_TIMER, dueAt: dueAt.toISOString() },
                },
              ]
            : []),
        ];
      }),
      notePutOff: assign({ later: true }),
      remind: perform((context) => [
        {
          type: 'send',
          params: {
            key: 'review.reminder',
            vars: { count: context.ids.length - context.index },
          },
        },
      ]),
      count: assign(({ context, event }) => ({
        score:
          context.score + (markAnswer(current(context), inputOf(event), context.language).correct ? 1 : 0),
        index: context.index + 1,
      })),
      // The next lesson promised only when one will come (flows/up-next.ts).
      summary: perform((context, event) => {
        const state = learningStateOf(event.learner?.learning);
        const zone = event.learner?.timezone ?? 'Africa/Nairobi';
        const next = upNext(catalog, state, zone, new Date(event.at ?? 0), false).kind;
        const key = { courseDone: 'review.doneCourseDone', paused: 'review.donePaused' };
        return [
          {
            type: 'send',
            params: {
              key: key[next as keyof typeof key] ?? 'review.done',
              vars: { score: context.score, total: context.ids.length, time: state.lessonTime ?? '07:30' },
            },
          },
        ];
      }),
    },
    guards: {
      asksTutor: ({ context, event }) =>
        event.type === 'learner.message' && asksTutor(current(context), inputOf(event), context.language),
      answers: ({ context, event }) =>
        event.type === 'learner.message' &&
        markAnswer(current(context), inputOf(event), context.language).valid,
      hasItems: ({ context }) => context.ids.length > 0,
      putOff: ({ event }) => event.type === 'flow.reprompt' && event.reason === 'later',
      okAfterLater: ({ context, event }) => context.later === true && saysOk(inputOf(event)),
      isReminder: ({ event }) => event.type === 'timer.fired' && event.name === REVIEW_REMINDER_TIMER,
      isDone: ({ context }) => context.index >= context.ids.length,
    },
  }).createMachine({
    id: 'review',
    context: ({ input }) => ({
      ids: (input?.ids ?? practice).filter((id) => questionOf(id) !== undefined),
      language: input?.language ?? 'en',
      index: 0,
      score: 0,
    }),
    initial: 'start',
    states: {
      start: {
        always: [
          { guard: 'hasItems', target: 'asking', actions: 'ask' },
          { target: 'done', actions: { type: 'send', params: { key: 'review.nothing' } } },
        ],
      },
      asking: {
        tags: ['awaiting'],
        on: {
          'learner.message': [
            { guard: 'asksTutor', actions: 'askTutor' },
            { guard: 'answers', target: 'answered', actions: ['mark', 'count'] },
            { guard: 'okAfterLater', actions: 'ask' },
            { actions: 'askAgain' },
          ],
          'timer.fired': { guard: 'isReminder', actions: 'remind' },
          'flow.reprompt': [
            { guard: 'putOff', actions: ['putOff', 'notePutOff'] },
            { actions: 'askAfterInterruption' },
          ],
        },
      },
      answered: {
        always: [
          { guard: 'isDone', target: 'done', actions: 'summary' },
          { target: 'asking', actions: 'ask' },
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
  return {
    id: 'review',
    version: 1,
    description: 'Review of due questions (FSRS cards), one at a time with feedback',
    machine,
    samples: [
      tapped('a'),
      tapped('false'),
      { type: 'learner.message', message: { kind: 'text', text: '?' }, input: '?' },
      { type: 'learner.message', message: { kind: 'text', text: '1500' }, input: '1500' },
      {
        type: 'learner.message',
        message: { kind: 'text', text: 'what is a need?' },
        input: 'what is a need?',
      },
      { type: 'flow.reprompt', reason: 'interruption' },
      { type: 'flow.reprompt', reason: 'later' },
      { type: 'timer.fired', name: REVIEW_REMINDER_TIMER, payload: {} },
      { type: 'learner.message', message: { kind: 'text', text: 'ok' }, input: 'ok' },
    ],
  };
}
