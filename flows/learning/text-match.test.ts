import { describe, expect, it } from 'vitest';
import { bestMatch, closeEnough, damerauLevenshtein, normalise, typoAllowance } from './text-match.js';

describe('tolerant text comparison', () => {
  it('ignores case, accents, punctuation and extra spaces', () => {
    expect(normalise('  Café,   CRÈME!  ')).toBe('cafe creme');
    expect(closeEnough('m-pesa', 'M-PESA')).toBe(true);
    expect(closeEnough('M PESA', 'mpesa')).toBe(true);
    expect(closeEnough('Nairobi.', 'nairobi')).toBe(true);
  });

  it('counts a swap of neighbouring letters as one typo', () => {
    expect(damerauLevenshtein('budget', 'budget')).toBe(0);
    expect(damerauLevenshtein('budegt', 'budget')).toBe(1);
    expect(damerauLevenshtein('bdget', 'budget')).toBe(1);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
  });

  it('forgives no typo up to 3 characters, one up to 7, two beyond', () => {
    expect([
      typoAllowance('pin'),
      typoAllowance('save'),
      typoAllowance('savings'),
      typoAllowance('password'),
    ]).toEqual([0, 1, 1, 2]);
    expect(closeEnough('pen', 'pin')).toBe(false);
    expect(closeEnough('svae', 'save')).toBe(true);
    expect(closeEnough('sve', 'save')).toBe(true);
    expect(closeEnough('sv', 'save')).toBe(false);
    expect(closeEnough('pasword', 'password')).toBe(true);
    expect(closeEnough('paswrd', 'password')).toBe(true);
    expect(closeEnough('pswrd', 'password')).toBe(false);
  });

  it('never accepts an empty reply', () => {
    expect(closeEnough('', '')).toBe(false);
    expect(closeEnough('?!', 'a')).toBe(false);
  });

  it('picks the one close candidate, prefers an exact one, and refuses to guess between two', () => {
    expect(bestMatch('savngs', ['Savings', 'Spending'])).toBe('Savings');
    expect(bestMatch('save', ['Save', 'Saves'])).toBe('Save');
    expect(bestMatch('cart', ['card', 'cast'])).toBeUndefined();
    expect(bestMatch('xyz', ['card', 'cast'])).toBeUndefined();
  });
});
