import { describe, expect, it } from 'vitest';
import { welcomeLanguage } from './welcome-language.js';

describe('the language of the welcome (issue 11, item 6)', () => {
  it.each(['habari', 'Habari yako?', 'mambo vipi', 'Sasa!', 'hujambo', 'Niaje 👋', 'shikamoo'])(
    '"%s" is answered in Kiswahili, from any phone',
    (text) => {
      expect(welcomeLanguage(text, '+254700000001')).toBe('sw');
      expect(welcomeLanguage(text, '+447700900123')).toBe('sw');
    },
  );

  it('greets a phone from Kenya or Tanzania in both languages, others in English', () => {
    expect(welcomeLanguage('hi', '+254700000001')).toBe('both');
    expect(welcomeLanguage('Hello', '+255712345678')).toBe('both');
    expect(welcomeLanguage('hi', '+256712345678')).toBe('en');
    expect(welcomeLanguage('hi', '+447700900123')).toBe('en');
    expect(welcomeLanguage('', '')).toBe('en');
  });

  it('greets a learner known only by a Kenyan or Tanzanian BSUID in both languages (issue 15)', () => {
    expect(welcomeLanguage('hi', 'KE.1502576394655843')).toBe('both');
    expect(welcomeLanguage('hi', 'TZ.88123')).toBe('both');
    expect(welcomeLanguage('hi', 'US.13491208655302741918')).toBe('en');
  });

  it('reads the greeting from the first word only', () => {
    expect(welcomeLanguage('hello, habari', '+447700900123')).toBe('en');
    expect(welcomeLanguage('sasampo', '+447700900123')).toBe('en');
  });
});
