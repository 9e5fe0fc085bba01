import { describe, expect, it } from 'vitest';
import { checkAnswer, type CheckableQuestion } from './answers.js';

const options = [
  { id: 'a', text: { en: 'Keep it secret', sw: 'Iweke siri' } },
  { id: 'b', text: { en: 'Share it with the agent', sw: 'Mpe wakala' } },
  { id: 'c', text: { en: 'Write it on the phone', sw: 'Iandike kwenye simu' } },
];
const single: CheckableQuestion = { type: 'single', options, answer: 'a' };
const multiple: CheckableQuestion = {
  type: 'multiple',
  options: [
    { id: 'food', text: { en: 'Food', sw: 'Chakula' } },
    { id: 'rent', text: { en: 'Rent', sw: 'Kodi' } },
    { id: 'party', text: { en: 'A party', sw: 'Sherehe' } },
    { id: 'fees', text: { en: 'School fees', sw: 'Karo' } },
  ],
  answers: ['food', 'rent', 'fees'],
};
const trueFalse: CheckableQuestion = { type: 'true-false', answer: false };
const text: CheckableQuestion = {
  type: 'text',
  accepted: { en: ['savings', 'save'], sw: ['akiba'] },
};
const number: CheckableQuestion = { type: 'number', answer: 1000, tolerance: 0 };

describe('checking a single-choice answer', () => {
  it('reads a button id, the number shown, or the option text in either language', () => {
    for (const reply of [
      'a',
      'A',
      '1',
      '1.',
      'keep it secret',
      'Iweke siri!',
      'Keep it secrte',
      '1. Keep it secret',
      '🔒 keep it secret',
    ])
      expect([reply, checkAnswer(single, reply)]).toEqual([
        reply,
        { correct: true, valid: true, matched: ['a'], expected: ['a'] },
      ]);
  });

  it('names the wrong option chosen so its explanation can be shown', () => {
    expect(checkAnswer(single, '2')).toEqual({
      correct: false,
      valid: true,
      matched: ['b'],
      expected: ['a'],
    });
    expect(checkAnswer(single, 'Mpe wakala')).toMatchObject({ correct: false, matched: ['b'] });
  });

  it("reads words copied from one option's text, but not words several options share (issue 11)", () => {
    const lock: CheckableQuestion = {
      type: 'single',
      options: [
        {
          id: 'a',
          text: { en: 'A 6-digit PIN with no pattern', sw: 'PIN ya tarakimu 6 isiyo na mpangilio' },
        },
        { id: 'b', text: { en: '123456', sw: '123456' } },
        { id: 'c', text: { en: 'No lock, so the phone is quick to use', sw: 'Bila kufuli' } },
        { id: 'd', text: { en: 'Your year of birth', sw: 'Mwaka wako wa kuzaliwa' } },
      ],
      answer: 'a',
    };
    for (const reply of ['6-digit PIN', '6 digit pin', 'PIN with no pattern', 'tarakimu 6'])
      expect([reply, checkAnswer(lock, reply)]).toEqual([
        reply,
        { correct: true, valid: true, matched: ['a'], expected: ['a'] },
      ]);
    expect(checkAnswer(lock, 'year of birth')).toMatchObject({ valid: true, matched: ['d'] });
    // "secret" is a whole word of option a only; "it" is in all three and too short anyway.
    expect(checkAnswer(single, 'secret')).toMatchObject({ valid: true, matched: ['a'] });
    expect(checkAnswer(single, 'it')).toMatchObject({ valid: false });
    expect(checkAnswer(single, 'with the')).toMatchObject({ valid: true, matched: ['b'] });
    expect(checkAnswer(single, 'it on')).toMatchObject({ valid: true, matched: ['c'] });
    expect(checkAnswer(lock, 'pin')).toMatchObject({ valid: false });
  });

  it('does not mark a reply that is not one of the options: it asks again', () => {
    for (const reply of ['4', '0', 'maybe', '', '1 2'])
      expect([reply, checkAnswer(single, reply)]).toEqual([
        reply,
        { correct: false, valid: false, expected: ['a'] },
      ]);
  });
});

describe('checking a multiple-select answer', () => {
  it('needs exactly the right set, in any order and written any common way', () => {
    for (const reply of [
      '1, 2, 4',
      '4,2,1',
      '1 2 4',
      '1 and 2 and 4',
      'chakula, kodi na karo',
      'food rent fees',
      'Food, Rent, School fees',
      '1,2,2,4',
    ])
      expect([reply, checkAnswer(multiple, reply).correct]).toEqual([reply, true]);
  });

  it('is wrong with one missing or one extra, and says which were chosen', () => {
    expect(checkAnswer(multiple, '1, 2')).toEqual({
      correct: false,
      valid: true,
      matched: ['food', 'rent'],
      expected: ['food', 'rent', 'fees'],
    });
    expect(checkAnswer(multiple, '1,2,3,4')).toMatchObject({
      correct: false,
      matched: ['food', 'rent', 'party', 'fees'],
    });
  });

  it('asks again when any part is not an option', () => {
    expect(checkAnswer(multiple, '1, 2, 9')).toMatchObject({ valid: false, correct: false });
    expect(checkAnswer(multiple, 'all of them')).toMatchObject({ valid: false });
  });
});

describe('checking a true/false answer', () => {
  it('understands English and Swahili words, T/F and button ids', () => {
    for (const reply of ['false', 'False', 'F', 'no', 'No!', 'hapana', 'si kweli', 'Sio kweli', 'uongo'])
      expect([reply, checkAnswer(trueFalse, reply)]).toEqual([
        reply,
        { correct: true, valid: true, matched: ['false'], expected: ['false'] },
      ]);
    for (const reply of ['true', 'T', 'yes', 'kweli', 'Ndiyo', 'ndio'])
      expect([reply, checkAnswer(trueFalse, reply)]).toMatchObject([
        reply,
        { correct: false, valid: true, matched: ['true'] },
      ]);
  });

  it('reads 1 and 2 only when the choices were shown numbered', () => {
    expect(checkAnswer(trueFalse, '2', { numbered: true })).toMatchObject({
      correct: true,
      matched: ['false'],
    });
    expect(checkAnswer(trueFalse, '1', { numbered: true })).toMatchObject({
      correct: false,
      matched: ['true'],
    });
    expect(checkAnswer(trueFalse, '2')).toMatchObject({ valid: false });
    expect(checkAnswer(trueFalse, 'maybe')).toMatchObject({ valid: false });
  });
});

describe('checking a free-text answer', () => {
  it('accepts any accepted answer in any language, tolerant of case, accents, punctuation and small typos', () => {
    for (const [reply, matched] of [
      ['Savings', 'savings'],
      ['SAVINGS!', 'savings'],
      ['savigns', 'savings'],
      ['svae', 'save'],
      ['akíba', 'akiba'],
    ])
      expect(checkAnswer(text, reply!)).toMatchObject({ correct: true, valid: true, matched: [matched] });
  });

  it('marks a different word wrong but valid, and shows the answers in the learner’s language', () => {
    expect(checkAnswer(text, 'spending', { language: 'sw' })).toEqual({
      correct: false,
      valid: true,
      expected: ['akiba'],
    });
    expect(checkAnswer(text, 'spending').expected).toEqual(['savings', 'save']);
    expect(checkAnswer(text, '  ')).toMatchObject({ valid: false });
  });

  it('forgives no typo in very short answers', () => {
    const pin: CheckableQuestion = { type: 'text', accepted: { en: ['PIN'] } };
    expect(checkAnswer(pin, 'pin').correct).toBe(true);
    expect(checkAnswer(pin, 'pen').correct).toBe(false);
  });

  it('matches a pattern against the whole reply, ignoring case and accents', () => {
    const code: CheckableQuestion = { type: 'text', pattern: '\\*?334#?|\\*334\\*1#' };
    expect(checkAnswer(code, '*334#')).toMatchObject({ correct: true, matched: ['*334#'] });
    expect(checkAnswer(code, ' 334 ')).toMatchObject({ correct: true });
    expect(checkAnswer(code, 'dial *334# now')).toMatchObject({ correct: false, valid: true });
    const word: CheckableQuestion = { type: 'text', pattern: 'cafe|coffee shop' };
    expect(checkAnswer(word, 'Café').correct).toBe(true);
    expect(checkAnswer(word, 'Coffee   Shop').correct).toBe(true);
  });
});

describe('checking a number answer', () => {
  it('accepts the number however it is written', () => {
    for (const reply of ['1000', '1,000', '1000.0', '1 000', 'KSh 1,000'])
      expect([reply, checkAnswer(number, reply)]).toEqual([
        reply,
        { correct: true, valid: true, matched: ['1000'], expected: ['1000'] },
      ]);
  });

  it('allows the tolerance the author set, and no more', () => {
    const about: CheckableQuestion = { type: 'number', answer: 3.5, tolerance: 0.5 };
    expect(checkAnswer(about, '3').correct).toBe(true);
    expect(checkAnswer(about, '4').correct).toBe(true);
    expect(checkAnswer(about, '4.1').correct).toBe(false);
    expect(checkAnswer(number, '1001')).toMatchObject({ correct: false, valid: true, matched: ['1001'] });
  });

  it('asks again when the reply holds no number or two', () => {
    expect(checkAnswer(number, 'a thousand')).toMatchObject({ valid: false, expected: ['1000'] });
    expect(checkAnswer(number, '900 or 1000')).toMatchObject({ valid: false });
  });
});
