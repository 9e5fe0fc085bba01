import { describe, expect, it } from 'vitest';
import { kenyanMsisdn, localKenyanNumber } from './kenyan-msisdn.js';

describe('Kenyan M-PESA numbers', () => {
  it.each([
    '0712345678',
    '0712 345 678',
    '712345678',
    '254712345678',
    '+254712345678',
    '+254 712-345-678',
    '00254712345678',
    '+254 (0) 712 345 678',
    'whatsapp:+254712345678',
  ])('reads %s as +254712345678', (typed) => {
    expect(kenyanMsisdn(typed)).toBe('+254712345678');
  });

  it('takes the newer 01… numbers too', () => {
    expect(kenyanMsisdn('0110 123 456')).toBe('+254110123456');
    expect(kenyanMsisdn('+254110123456')).toBe('+254110123456');
  });

  it.each([
    ['a landline', '020 1234567'],
    ['a Tanzanian number', '+255712345678'],
    ['a digit short', '071234567'],
    ['a digit too many', '07123456789'],
    ['words', 'my number'],
    ['a BSUID', 'KE.1502576394655843'],
    ['nothing', ''],
  ])('refuses %s', (_, typed) => {
    expect(kenyanMsisdn(typed)).toBeNull();
  });

  it('writes a number back the way Kenyans do', () => {
    expect(localKenyanNumber('+254712345678')).toBe('0712 345 678');
  });
});
