import { describe, expect, it } from 'vitest';
import { parseAnswer, parseTimeOfDay, parseTimezone } from './answers.js';
import type { AskStep } from './spec.js';

const ask = (step: Partial<AskStep> & Pick<AskStep, 'ask'>): AskStep => ({
  name: 'q',
  message: 'q.ask',
  retry: { message: 'q.again' },
  ...step,
});
const texts: Record<string, string[]> = {
  'q.yes': ['Yes please', 'Ndiyo tafadhali'],
  'q.no': ['No', 'Hapana'],
};
const textsOf = (key: string) => texts[key] ?? [];
const answer = (step: AskStep, input: string, offered?: string) => parseAnswer(step, input, textsOf, offered);

describe('time of day', () => {
  it.each([
    ['07:30', '07:30'],
    ['7:30', '07:30'],
    ['730', '07:30'],
    ['0730', '07:30'],
    ['7.30', '07:30'],
    ['7am', '07:00'],
    ['7 AM', '07:00'],
    ['7:30pm', '19:30'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['19h30', '19:30'],
    ['1930', '19:30'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseTimeOfDay(text)).toBe(expected);
  });

  it.each(['7', '25:00', '7:60', '13pm', 'later', '7:5', ''])('refuses %s', (text) => {
    expect(parseTimeOfDay(text)).toBeNull();
  });
});

describe('time zone', () => {
  it('accepts IANA names in any case, and city names, spelt canonically', () => {
    expect(parseTimezone('Africa/Nairobi')).toBe('Africa/Nairobi');
    expect(parseTimezone('africa/nairobi')).toBe('Africa/Nairobi');
    expect(parseTimezone('Nairobi')).toBe('Africa/Nairobi');
    expect(parseTimezone('new york')).toBe('America/New_York');
    expect(parseTimezone('UTC')).toBe('UTC');
  });

  it('refuses what is not a zone', () => {
    expect(parseTimezone('Mars/Olympus')).toBeNull();
    expect(parseTimezone('+3')).toBeNull();
    expect(parseTimezone('')).toBeNull();
  });
});

describe('answers by kind', () => {
  it('text: length and pattern', () => {
    const name = ask({ ask: 'text', min: 2, max: 5 });
    expect(answer(name, '  Ali ')).toEqual({ ok: true, value: 'Ali' });
    expect(answer(name, 'A').ok).toBe(false);
    expect(answer(name, 'Amina!').ok).toBe(false);
    const code = ask({ ask: 'text', pattern: '[A-Z]{3}\\d' });
    expect(answer(code, 'ABC1').ok).toBe(true);
    expect(answer(code, 'xABC1').ok).toBe(false);
  });

  it('choice: by id, by number or by the option words in any language, ignoring case', () => {
    const choice = ask({
      ask: 'choice',
      options: [
        { id: 'yes', message: 'q.yes' },
        { id: 'no', message: 'q.no' },
      ],
    });
    expect(answer(choice, 'no')).toEqual({ ok: true, value: 'no' });
    expect(answer(choice, '1')).toEqual({ ok: true, value: 'yes' });
    expect(answer(choice, 'ndiyo TAFADHALI')).toEqual({ ok: true, value: 'yes' });
    expect(answer(choice, 'hapana.')).toEqual({ ok: true, value: 'no' });
    expect(answer(choice, '3').ok).toBe(false);
    expect(answer(choice, 'maybe').ok).toBe(false);
  });

  it('number: within min and max, a comma as decimal point', () => {
    const age = ask({ ask: 'number', min: 10, max: 99 });
    expect(answer(age, '42')).toEqual({ ok: true, value: 42 });
    expect(answer(age, '12,5')).toEqual({ ok: true, value: 12.5 });
    expect(answer(age, '9').ok).toBe(false);
    expect(answer(age, 'forty').ok).toBe(false);
  });

  it('language: en or sw by code, name or button', () => {
    const language = ask({ ask: 'language' });
    expect(answer(language, 'Kiswahili')).toEqual({ ok: true, value: 'sw' });
    expect(answer(language, 'english')).toEqual({ ok: true, value: 'en' });
    expect(answer(language, 'sw')).toEqual({ ok: true, value: 'sw' });
    expect(answer(language, 'French').ok).toBe(false);
  });

  it('an offered default is taken by its button, or by yes, ok, ndiyo', () => {
    const zone = ask({ ask: 'timezone', default: { value: '{{input.zone}}', button: 'q.keep' } });
    expect(answer(zone, 'default', 'Africa/Nairobi')).toEqual({ ok: true, value: 'Africa/Nairobi' });
    expect(answer(zone, 'Ndiyo', 'Africa/Nairobi')).toEqual({ ok: true, value: 'Africa/Nairobi' });
    expect(answer(zone, 'London', 'Africa/Nairobi')).toEqual({ ok: true, value: 'Europe/London' });
    expect(answer(zone, 'yes').ok).toBe(false);
  });
});
