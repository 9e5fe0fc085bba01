/*
 * The lesson's quiz: its questions in the order this attempt asks them, the prompt for the one
 * waiting, and what an answer changes on the learner's review cards and recent answers.
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Question } from '../content/types.js';
import type { Effect } from '../engine/effects.js';
import type { ConversationEvent } from '../engine/events.js';
import { withRecentAnswer } from './learning/difficulty.js';
import { cardId } from './learning/index.js';
import { firstAnswer, reviewAnswer } from './learning/review.js';
import { atOf, prefsOf, type LessonContext } from './lesson-context.js';
import { questionPrompt } from './questions.js';

const OK_WORDS = new Set(['ok', 'okay', 'sawa', 'yes', 'ndiyo']);

/** "ok" (or sawa, yes…) after a reminder: the learner asks for the question again. */
export const saysOk = (reply: string): boolean => OK_WORDS.has(reply.toLowerCase().replace(/[.!]+$/, ''));

export const writtenQuiz = (catalog: ContentCatalog, course: string, lesson: string): Question[] =>
  catalog.lesson(course, lesson)?.quiz ?? [];

// A conversation saved before quizzes had an order, or content changed since: as written, after the order kept.
export const questionsOf = (catalog: ContentCatalog, context: LessonContext): Question[] => {
  const written = writtenQuiz(catalog, context.course, context.lesson);
  const order = context.order ?? [];
  const ordered = order.flatMap((id) => written.filter((q) => q.id === id));
  return [...ordered, ...written.filter((q) => !order.includes(q.id))];
};

/** The question now waiting for an answer. */
export const currentQuestion = (catalog: ContentCatalog, context: LessonContext) =>
  questionsOf(catalog, context)[context.index];

export const questionMessage = (catalog: ContentCatalog, context: LessonContext) =>
  questionPrompt(
    currentQuestion(catalog, context)!,
    context.language,
    context.index + 1,
    questionsOf(catalog, context).length,
    'quiz',
  );

/** The answered question's review card, new or reviewed again, and the answer kept for the difficulty. */
export const cardUpdate = (
  context: LessonContext,
  event: ConversationEvent,
  questionId: string,
  correct: boolean,
): Effect[] => {
  const prefs = prefsOf(event);
  const id = cardId(context.course, context.lesson, questionId);
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
        learning: {
          cards: [...prefs.cards.filter((c) => c.questionId !== id), card],
          recentAnswers: withRecentAnswer(prefs.recentAnswers, correct),
        },
      },
    },
  ];
};
