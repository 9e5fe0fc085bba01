import { describe, expect, it } from 'vitest';
import { readNumber } from './number-reply.js';

describe('reading a typed number', () => {
  it('reads money and counts as people in Kenya write them', () => {
    for (const reply of [
      '1000',
      '1,000',
      '1000.0',
      '1 000',
      'KSh 1,000',
      'Ksh1,000/=',
      '1,000 shillings',
      '1.000,00',
    ])
      expect([reply, readNumber(reply)]).toEqual([reply, 1000]);
  });

  it('reads decimals, negatives, percentages and big numbers', () => {
    expect(readNumber('2.5')).toBe(2.5);
    expect(readNumber('2,5')).toBe(2.5);
    expect(readNumber('1,234.50')).toBe(1234.5);
    expect(readNumber('-3')).toBe(-3);
    expect(readNumber('50%')).toBe(50);
    expect(readNumber('1,000,000')).toBe(1_000_000);
    expect(readNumber('1.000.000')).toBe(1_000_000);
    expect(readNumber('It is 12 345 678.')).toBe(12_345_678);
  });

  it('refuses replies that are not exactly one number', () => {
    expect(readNumber('a thousand')).toBeUndefined();
    expect(readNumber('2 or 3')).toBeUndefined();
    expect(readNumber('1,00,0')).toBeUndefined();
    expect(readNumber('10 5')).toBeUndefined();
    expect(readNumber('')).toBeUndefined();
  });

  it('reads a number written in words, in English or Swahili (issue 11)', () => {
    expect(readNumber('six')).toBe(6);
    expect(readNumber('Sita')).toBe(6);
    expect(readNumber('twenty')).toBe(20);
    expect(readNumber('ishirini')).toBe(20);
    expect(readNumber('one minute')).toBe(1);
    expect(readNumber('KSh mia tano')).toBe(500);
    expect(readNumber('one or two')).toBeUndefined();
    expect(readNumber('6 or seven')).toBeUndefined();
  });
});
