import { describe, expect, it } from 'vitest';
import { checkedGoalPick } from '../adapters/ai/goal-prompt.js';
import { contentCatalog } from './content-catalog.js';
import { askGoal, ruleForGoal } from './goal.js';
import { goalMatch, sameWord } from './learning/goal.js';
import { learningStateOf } from './learning/index.js';

const catalog = contentCatalog();
const done = (course: string) => catalog.lessons(course).map((l) => l.slug);
const state = (completed: Record<string, string[]>, course = 'money-basics') =>
  learningStateOf({
    course,
    courses: [course],
    progress: Object.fromEntries(
      Object.entries(completed).map(([c, slugs]) => [c, { completed: slugs, attempts: {} }]),
    ),
  });

describe('the goal rule', () => {
  it('one word in two forms matches, different words do not', () => {
    expect(sameWord('save', 'savings')).toBe(true);
    expect(sameWord('scam', 'scams')).toBe(true);
    expect(sameWord('money', 'mobile')).toBe(false);
    expect(goalMatch('I want to learn saving', { main: 'Save first, spend later', more: '' })).toEqual({
      score: 2,
      words: ['saving'],
    });
  });

  it('the best-matching unfinished course; else the next unfinished; null when all are done', () => {
    expect(ruleForGoal(catalog, state({}), 'en', 'protect my phone from scams')).toEqual({
      course: 'safe-online',
      reason: 'match',
      words: ['protect', 'phone', 'scams'],
    });
    // Finished courses are never recommended, however well they match.
    const moneyDone = state({ 'money-basics': done('money-basics') });
    // The premium business course talks about budgets too: it is the one left that matches.
    expect(ruleForGoal(catalog, moneyDone, 'en', 'budget my salary')?.course).toBe('small-business');
    expect(ruleForGoal(catalog, state({}), 'en', 'learn welding')).toEqual({
      course: 'money-basics',
      reason: 'next',
      words: [],
    });
    const all = state({
      'money-basics': done('money-basics'),
      'safe-online': done('safe-online'),
      'small-business': done('small-business'),
    });
    expect(ruleForGoal(catalog, all, 'en', 'anything')).toBeNull();
    expect(askGoal(catalog, all, 'en', '2026-03-02T07:00:00.000Z')).toEqual([]);
    expect(askGoal(catalog, moneyDone, 'en', '2026-03-02T07:00:00.000Z')).toHaveLength(2);
  });
});

describe('the model’s pick', () => {
  const slugs = ['money-basics', 'safe-online'];
  it('is used only when it is JSON naming a listed course with one short line of reason', () => {
    expect(checkedGoalPick('Sure! {"course": "safe-online", "reason": "It fits."}', slugs)).toEqual({
      course: 'safe-online',
      reason: 'It fits.',
    });
    expect(checkedGoalPick('{"course": "hacking-101", "reason": "It fits."}', slugs)).toBeNull();
    expect(checkedGoalPick('safe-online', slugs)).toBeNull();
    expect(checkedGoalPick('{"course": "safe-online", "reason": "see https://x.example"}', slugs)).toBeNull();
    expect(checkedGoalPick(`{"course": "safe-online", "reason": "${'long '.repeat(40)}"}`, slugs)).toBeNull();
    expect(checkedGoalPick('{"course": "safe-online", "reason": ', slugs)).toBeNull();
  });
});
