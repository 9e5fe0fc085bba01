import { describe, expect, it } from 'vitest';
import { InvalidPhoneError, normalizePhone, tryNormalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['0712 345 678', '+254712345678'],
    ['(0712) 345-678', '+254712345678'],
    ['254712345678', '+254712345678'],
    ['+254712345678', '+254712345678'],
    ['whatsapp:+254712345678', '+254712345678'],
    ['WhatsApp:+254 712 345 678', '+254712345678'],
    ['  +44 7911 123456 ', '+447911123456'],
    ['0110 123456', '+254110123456'],
  ])('reads %j as %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it('reads national numbers in the given default country', () => {
    expect(normalizePhone('07911 123456', 'GB')).toBe('+447911123456');
  });

  it.each([
    '',
    '12345',
    'abc',
    '+254 7123',
    '07123456789',
    'call +254712345678',
    '+254712345678; drop table',
  ])('rejects %j with a message naming the expected format', (input) => {
    expect(tryNormalizePhone(input)).toBeUndefined();
    expect(() => normalizePhone(input)).toThrow(InvalidPhoneError);
    expect(() => normalizePhone(input)).toThrow(
      'phone: not a valid phone number, expected international format like +254712345678',
    );
  });
});
