import { describe, expect, it } from 'vitest';
import { answerGiver } from '../adapters/services/tutor-explain.js';
import type { Effect } from '../engine/effects.js';
import type { RootInput } from '../engine/registry.js';
import { contentCatalog } from './content-catalog.js';
import { firstAnswer, reviewAnswer } from './learning/review.js';
import { createTutorCommands, lastAnswered } from './tutor-commands.js';

const catalog = contentCatalog();
const extensions = createTutorCommands(catalog);
const command = (word: string) => extensions.commands!.find((c) => c.words.includes(word))!;

const learnerWith = (learning: Record<string, unknown>, language = 'en'): RootInput['learner'] => ({
  phone: '+254700000001',
  name: 'Amina Wanjiru',
  language,
  timezone: 'Africa/Nairobi',
  learning: { course: 'money-basics', ...learning },
});
const at = '2026-03-02T07:00:00.000Z';
const serviceInput = (effects: Effect[]) =>
  (effects[0] as { params: { service: string; input: Record<string, unknown> } }).params;

describe('WHY, HINT, SIMPLER, MORE', () => {
  const early = firstAnswer('money-basics/needs-and-wants/q1', false, new Date('2026-03-02T06:00:00Z'));
  const later = firstAnswer('money-basics/needs-and-wants/q2', true, new Date('2026-03-02T06:05:00Z'));

  it('each has an English and a Kiswahili word, with no argument, answered later', () => {
    expect(extensions.commands!.map((c) => c.words)).toEqual([
      ['WHY', 'KWANINI'],
      ['HINT', 'DOKEZO'],
      ['SIMPLER', 'RAHISI'],
      ['MORE', 'ZAIDI'],
    ]);
    expect(extensions.commands!.every((c) => c.answersLater && c.argument === 'none')).toBe(true);
  });

  it('WHY names the question answered last, whatever the cards’ order', () => {
    const input = { learner: learnerWith({ cards: [later, early] }), at, activeFlow: 'lesson' };
    expect(lastAnswered(input)).toBe('money-basics/needs-and-wants/q2');
    const params = serviceInput(command('KWANINI').run({ ...input, argument: '' }));
    expect(params.service).toBe('tutor.explain');
    expect(params.input).toMatchObject({
      mode: 'why',
      language: 'en',
      course: 'money-basics',
      question: 'money-basics/needs-and-wants/q2',
    });
    expect(lastAnswered({ learner: learnerWith({}), at, activeFlow: null })).toBeNull();
  });

  it('a request is named by the time, the mode and the answers given: an answer in between makes a new one', () => {
    const before = { learner: learnerWith({ cards: [early] }), at, activeFlow: 'lesson', argument: '' };
    const after = {
      ...before,
      learner: learnerWith({ cards: [reviewAnswer(early, true, new Date('2026-03-02T06:10:00Z'))] }),
    };
    const id = (input: typeof before) => serviceInput(command('HINT').run(input)).input.requestId;
    expect(id(before)).toBe(id({ ...before }));
    expect(id(after)).not.toBe(id(before));
  });

  const explained = (activeFlow: string | null, data: Record<string, unknown>) =>
    extensions.events!.tutorExplained!({ learner: learnerWith({}), at, activeFlow, data });

  it('the answer: the course’s words with their label, then the waiting question again', () => {
    expect(
      explained('lesson', {
        mode: 'hint',
        kind: 'course',
        text: 'A want is nice to have.',
        lesson: 'Needs or wants?',
      }),
    ).toEqual([
      {
        type: 'send',
        params: {
          key: 'tutorMore.hintCourse',
          vars: { passage: 'A want is nice to have.', lesson: 'Needs or wants?' },
        },
      },
      { type: 'reprompt', params: { reason: 'interruption' } },
    ]);
  });

  it('idle, a model answer offers the next lesson and the menu; a failure notice comes first', () => {
    const effects = explained(null, {
      mode: 'more',
      kind: 'model',
      text: 'More.',
      lesson: 'L',
      notice: 'failed',
    });
    expect(effects.map((e) => (e as { params: { key: string } }).params.key)).toEqual([
      'tutor.modelFailed',
      'tutor.answer',
    ]);
    expect(effects[1]).toMatchObject({
      params: { vars: { answer: 'More.', lesson: 'L' }, buttons: [{ id: 'NEXT' }, { id: 'MENU' }] },
    });
    expect(explained(null, { mode: 'why', kind: 'noQuestion', text: '', lesson: '' })[0]).toMatchObject({
      params: { key: 'tutorMore.noQuestion' },
    });
  });
});

describe('answerGiver: what a hint must not say', () => {
  const question = catalog.lesson('money-basics', 'needs-and-wants')!.quiz[0]!;
  const gives = answerGiver(question, 'en');

  it('the right option’s text, or a word only the right option has', () => {
    expect(gives('The answer is rent for your house.')).toBe(true);
    expect(gives('Think about where you sleep: the house.')).toBe(true);
    expect(gives('Think about what you cannot live without.')).toBe(false);
  });

  it('a number however it is written', () => {
    const sum = catalog.lesson('money-basics', 'needs-and-wants')!.quiz.find((q) => q.type === 'number')!;
    const givesSum = answerGiver(sum, 'en');
    expect(givesSum('That is KSh 1,500 a month.')).toBe(true);
    expect(givesSum('Multiply the daily amount by the days.')).toBe(false);
  });
});
