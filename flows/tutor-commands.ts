/*
 * The tutor's follow-ups (issue 16 item 6): WHY (KWANINI) elaborates on the last question the
 * learner answered, HINT (DOKEZO) hints at the question waiting without giving its answer,
 * SIMPLER (RAHISI) and MORE (ZAIDI) explain the current lesson again, shorter or deeper. Each asks
 * the `tutor.explain` service, whose answer comes back as `system.tutorExplained`; a flow waiting
 * for an answer then asks its question again (`reprompt`), as after ASK.
 * Decisions: the last question is the learner's most recently reviewed card (every quiz and review
 * answer moves one); the question waiting is read by the service from the conversation itself.
 */
import { COMMAND_WORDS } from './command-words.js';
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect, SendParams } from '../engine/effects.js';
import type { RootCommand, RootExtensions, RootInput } from '../engine/registry.js';
import { learningStateOf } from './learning/index.js';
import { lessonOf } from './tutor.js';

export const TUTOR_EXPLAINED_EVENT = 'tutorExplained';
export const EXPLAIN_MODES = ['why', 'hint', 'simpler', 'more'] as const;
export type ExplainMode = (typeof EXPLAIN_MODES)[number];

const WORDS: Record<ExplainMode, readonly string[]> = {
  why: COMMAND_WORDS.why,
  hint: COMMAND_WORDS.hint,
  simpler: COMMAND_WORDS.simpler,
  more: COMMAND_WORDS.more,
};

/** The card id (course/lesson/question) of the question the learner answered last, if any. */
export function lastAnswered(input: RootInput): string | null {
  const cards = learningStateOf(input.learner?.learning).cards;
  let latest: { id: string; at: string } | null = null;
  for (const card of cards) {
    const at = card.lastReview ?? '';
    if (!latest || at >= latest.at) latest = { id: card.questionId, at };
  }
  return latest?.id ?? null;
}

/** How many quiz and review answers the learner has given: every answer reviews a card once. */
const answersGiven = (input: RootInput): number =>
  learningStateOf(input.learner?.learning).cards.reduce((sum, card) => sum + card.reps, 0);

export function createTutorCommands(catalog: ContentCatalog): RootExtensions {
  const explain =
    (mode: ExplainMode) =>
    (input: RootInput): Effect[] => {
      const state = learningStateOf(input.learner?.learning);
      return [
        {
          type: 'callService',
          params: {
            service: 'tutor.explain',
            input: {
              mode,
              // The turn's time, the mode and how many answers the learner gave name the request: a
              // rerun after a crash is the same one, a HINT after an answer in the same second is not.
              requestId: `${input.at}:${mode}:${answersGiven(input)}`,
              language: input.learner?.language ?? 'en',
              name: input.learner?.name ?? null,
              course: state.course ?? null,
              lesson: lessonOf(catalog, input),
              question: mode === 'why' ? lastAnswered(input) : null,
            },
          },
        },
      ];
    };

  const explained = (input: RootInput & { data: Record<string, unknown> }): Effect[] => {
    const { mode, kind, notice } = input.data;
    const vars = { passage: String(input.data.text ?? ''), lesson: String(input.data.lesson ?? '') };
    const send = (key: string, extra: Partial<SendParams> = {}): Effect => ({
      type: 'send',
      params: { key, vars, ...extra },
    });
    // Idle, the way back is the next lesson or the menu; in a flow, its question follows.
    const back: Partial<SendParams> =
      input.activeFlow === null
        ? {
            buttons: [
              { id: 'NEXT', key: 'tutor.backToLesson' },
              { id: 'MENU', key: 'tutor.menu' },
            ],
          }
        : {};
    const notices: Effect[] = [
      ...(notice === 'failed' ? [send('tutor.modelFailed')] : []),
      ...(notice === 'budget' ? [send('tutor.budgetSpent')] : []),
    ];
    const reply =
      kind === 'model'
        ? send('tutor.answer', { vars: { answer: vars.passage, lesson: vars.lesson }, ...back })
        : kind === 'course'
          ? send(`tutorMore.${String(mode)}Course`, back)
          : send(`tutorMore.${String(kind)}`, back);
    const resume: Effect[] = input.activeFlow
      ? [{ type: 'reprompt', params: { reason: 'interruption' } }]
      : [];
    return [...notices, reply, ...resume];
  };

  const commands: RootCommand[] = EXPLAIN_MODES.map((mode) => ({
    id: mode,
    words: [...WORDS[mode]],
    argument: 'none',
    run: explain(mode),
    answersLater: true,
  }));
  return { commands, events: { [TUTOR_EXPLAINED_EVENT]: explained } };
}
