/*
 * The tutor as the root conversation offers it: ASK <question> (ULIZA <swali>) from any state, and
 * the answer the tutor service hands back as `system.tutorAnswer`. The answer goes out at once; a
 * flow waiting for an answer (the lesson's quiz, a review) then asks its question again (`reprompt`).
 * Decisions: ASK with no question explains how to ask; an answer while idle carries a button to the
 * next lesson and one to the menu, while mid-quiz the re-asked question's own choices lead back.
 * The service gets the learner's language, first name, course and lesson: nothing else about them.
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect, SendParams } from '../engine/effects.js';
import type { RootExtensions, RootInput } from '../engine/registry.js';
import { COMMAND_WORDS } from './command-words.js';
import { courseState, learningStateOf } from './learning/index.js';
import { nextLesson } from './learning/sequence.js';

export const TUTOR_ANSWER_EVENT = 'tutorAnswer';

/** FNV-1a: a short stable name for a question (flows compute, they do not import crypto). */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}

/** The lesson a question most likely concerns: the one in progress, else the last one quizzed. */
export function lessonOf(catalog: ContentCatalog, input: RootInput): string | null {
  const state = learningStateOf(input.learner?.learning);
  if (!state.course) return null;
  const inProgress =
    input.activeFlow === 'lesson'
      ? nextLesson(catalog.lessons(state.course), courseState(state, state.course).completed)?.slug
      : undefined;
  return inProgress ?? state.lastQuiz?.lesson ?? null;
}

/**
 * The effects that put a learner's question to the tutor: ASK uses it, and so can any flow or
 * root handler that recognises a question (a flow passes `{ learner, at, activeFlow }` of its event,
 * and `where` it is: the lesson of the question waiting, which the learner's state may not show).
 * The answer comes back as `system.tutorAnswer`, followed by the running flow's question (`reprompt`).
 */
export function askTutor(
  catalog: ContentCatalog,
  input: RootInput,
  text: string,
  where?: { course: string; lesson: string },
): Effect[] {
  const question = text.trim();
  if (!question) return [{ type: 'send', params: { key: 'tutor.howToAsk' } }];
  const state = learningStateOf(input.learner?.learning);
  return [
    {
      type: 'callService',
      params: {
        service: 'tutor.ask',
        input: {
          question,
          // The turn's time and the question name the request: a rerun after a crash is the same one.
          requestId: `${input.at}:${hashOf(question)}`,
          language: input.learner?.language ?? 'en',
          name: input.learner?.name ?? null,
          course: where?.course ?? state.course ?? null,
          lesson: where?.lesson ?? lessonOf(catalog, input),
          quizInProgress: input.activeFlow === 'lesson',
          reviewInProgress: input.activeFlow === 'review',
        },
      },
    },
  ];
}

export function createTutorExtensions(catalog: ContentCatalog): RootExtensions {
  const ask = (input: RootInput & { argument: string }): Effect[] => askTutor(catalog, input, input.argument);

  const answer = (input: RootInput & { data: Record<string, unknown> }): Effect[] => {
    // In a flow, its pending question follows the answer (a quiz goes on where it was).
    const resume: Effect[] = input.activeFlow
      ? [{ type: 'reprompt', params: { reason: 'interruption' } }]
      : [];
    return [...answerMessages(input), ...resume];
  };

  const answerMessages = (input: RootInput & { data: Record<string, unknown> }): Effect[] => {
    const text = String(input.data.text ?? '');
    const lesson = String(input.data.lesson ?? '');
    const notice = input.data.notice;
    // Idle: the way back is the next lesson or the menu; in a flow, the flow asks its question again.
    const back: Partial<SendParams> =
      input.activeFlow === null
        ? {
            buttons: [
              { id: 'NEXT', key: 'tutor.backToLesson' },
              { id: 'MENU', key: 'tutor.menu' },
            ],
          }
        : {};
    const send = (key: string, vars?: Record<string, string>, extra: Partial<SendParams> = {}): Effect => ({
      type: 'send',
      params: { key, ...(vars ? { vars } : {}), ...extra },
    });
    switch (input.data.kind) {
      case 'model':
        return [send('tutor.answer', { answer: text, lesson }, back)];
      case 'passage':
        return [
          ...(notice === 'failed' ? [send('tutor.modelFailed')] : []),
          ...(notice === 'budget' ? [send('tutor.budgetSpent')] : []),
          send('tutor.passage', { passage: text, lesson }, back),
        ];
      default:
        return [send('tutor.unknown', undefined, back)];
    }
  };

  return {
    // The answer comes in a later turn: the flow's question follows it, not the ASK.
    commands: [{ id: 'ask', words: [...COMMAND_WORDS.ask], run: ask, answersLater: true }],
    events: { [TUTOR_ANSWER_EVENT]: answer },
    // STOP forgets what the learner asked the tutor.
    onStop: () => [{ type: 'callService', params: { service: 'tutor.forget', input: {} } }],
  };
}
