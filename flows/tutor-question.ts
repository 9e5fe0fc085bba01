/*
 * A question the learner types while a quiz or review question waits: it goes to the tutor instead
 * of counting as a wrong answer, and the waiting question comes back once, after the tutor's answer
 * (the root's `reprompt` on `system.tutorAnswer`, flows/tutor.ts), not at the question itself.
 * Decisions: a reply that answers the question is an answer, even with a "?" ("333?", "True?");
 * a free-text question takes any text as an answer, so there a wrong reply goes to the tutor only
 * when its words ask ("what is a need?", "akiba ni nini?"), not for a "?" alone ("emergency
 * money?" is a tentative answer and is marked).
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Question } from '../content/types.js';
import type { Effect } from '../engine/effects.js';
import type { ConversationEvent } from '../engine/events.js';
import { askedInWords, isQuestion } from './learning/replies.js';
import { markAnswer } from './questions.js';
import { askTutor } from './tutor.js';

/** Whether `reply`, sent while `question` waits, is a question for the tutor rather than an answer. */
export function asksTutor(question: Question, reply: string, language: string): boolean {
  if (!isQuestion(reply)) return false;
  const check = markAnswer(question, reply, language);
  if (!check.valid) return true;
  return question.type === 'text' && !check.correct && askedInWords(reply);
}

/** The tutor's request for a question asked from `flow`, about the lesson of the question waiting. */
export function tutorQuestion(
  catalog: ContentCatalog,
  event: ConversationEvent,
  flow: 'lesson' | 'review',
  where: { course: string; lesson: string },
): Effect[] {
  const text = event.type === 'learner.message' ? event.input : '';
  const input = { learner: event.learner, at: event.at ?? new Date(0).toISOString(), activeFlow: flow };
  return askTutor(catalog, input, text, where);
}
