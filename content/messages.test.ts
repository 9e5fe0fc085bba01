import { describe, expect, it } from 'vitest';
import { catalogMessages, pluralForm, type Catalog } from './messages.js';

const catalog: Catalog = new Map([
  [
    'en',
    new Map([
      ['quiz.intro.one', 'Quick quiz: 1 question.'],
      ['quiz.intro.other', 'Quick quiz: {{count}} questions.'],
      ['plain', 'Hello{{name_suffix}}'],
    ]),
  ],
  [
    'sw',
    new Map([
      ['quiz.intro.one', 'Swali moja fupi.'],
      ['quiz.intro.other', 'Maswali mafupi: maswali {{count}}.'],
    ]),
  ],
]);

describe('plural forms', () => {
  const messages = catalogMessages(catalog);

  it('picks one or other by {{count}} in each language', () => {
    expect(messages.render('en', 'quiz.intro', { count: 1 })).toBe('Quick quiz: 1 question.');
    expect(messages.render('en', 'quiz.intro', { count: 2 })).toBe('Quick quiz: 2 questions.');
    expect(messages.render('en', 'quiz.intro', { count: 0 })).toBe('Quick quiz: 0 questions.');
    expect(messages.render('sw', 'quiz.intro', { count: 1 })).toBe('Swali moja fupi.');
    expect(messages.render('sw', 'quiz.intro', { count: 3 })).toBe('Maswali mafupi: maswali 3.');
  });

  it('falls back to other without a count, and to English for a missing language', () => {
    expect(messages.render('en', 'quiz.intro')).toBe('Quick quiz:  questions.');
    expect(messages.render('fr', 'quiz.intro', { count: 1 })).toBe('Quick quiz: 1 question.');
    expect(messages.render('sw', 'plain', { name: 'Amina' })).toBe('Hello, Amina');
  });

  it('follows the CLDR rules Intl knows', () => {
    expect([pluralForm('en', 1), pluralForm('en', 5), pluralForm('sw', 1), pluralForm('sw', 2)]).toEqual([
      'one',
      'other',
      'one',
      'other',
    ]);
  });

  it('has one and other forms in the real message files, rendered right', () => {
    const real = catalogMessages();
    expect(real.render('en', 'review.offer', { count: 1 })).toMatch(/^You have 1 earlier question to review/);
    expect(real.render('sw', 'review.offer', { count: 2 })).toMatch(/^Una maswali 2 ya zamani/);
    expect(real.render('sw', 'review.offer', { count: 1 })).toMatch(/^Una swali 1 la zamani/);
    expect(real.render('en', 'exportFile.minutes', { count: 1 })).toBe('1 minute');
  });
});
