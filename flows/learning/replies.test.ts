import { describe, expect, it } from 'vitest';
import { askedInWords, commandTypo, isQuestion, isThanks, replyKind } from './replies.js';

const WORDS = ['PROGRESS', 'MAENDELEO', 'NEXT', 'SOMO', 'TIME', 'SAA', 'COURSE', 'COURSES', 'HELP', 'MENU'];

describe('isQuestion', () => {
  it('takes a question mark or a question word, in English and Kiswahili', () => {
    expect(isQuestion('what is a PIN')).toBe(true);
    expect(isQuestion('Why do I need a budget')).toBe(true);
    expect(isQuestion('M-PESA PIN?')).toBe(true);
    expect(isQuestion('kwa nini niweke akiba')).toBe(true);
    expect(isQuestion('Je, naweza kubadilisha saa')).toBe(true);
    expect(isQuestion('PIN ni nini?')).toBe(true);
    expect(isQuestion('chama ni nini')).toBe(true);
    expect(isQuestion('nitalipa shilingi ngapi')).toBe(true);
  });
  it('tells a question by its words from one by its question mark alone', () => {
    expect(askedInWords('what is a need?')).toBe(true);
    expect(askedInWords('akiba ya dharura ni nini?')).toBe(true);
    expect(askedInWords('emergency fund?')).toBe(false);
    expect(askedInWords('mambo vipi')).toBe(false);
  });
  it('leaves statements and a question word alone', () => {
    expect(isQuestion('I like this lesson')).toBe(false);
    expect(isQuestion('how')).toBe(false);
    expect(isQuestion('nimeelewa')).toBe(false);
    expect(isQuestion('?')).toBe(false);
    expect(isQuestion('??')).toBe(false);
    expect(isQuestion('what?')).toBe(false);
    expect(isQuestion('huh?')).toBe(false);
    expect(isQuestion('sawa?')).toBe(false);
    expect(isQuestion('PIN?')).toBe(true);
  });
});

describe('isThanks', () => {
  it('thanks in both languages, not words that start alike', () => {
    expect(isThanks('Thanks!')).toBe(true);
    expect(isThanks('thank you so much')).toBe(true);
    expect(isThanks('Asante sana')).toBe(true);
    expect(isThanks('typo')).toBe(false);
    expect(isThanks('thankful people')).toBe(false);
  });
});

describe('commandTypo', () => {
  it('suggests the command a misspelt word meant, keeping its argument', () => {
    expect(commandTypo('PROGRES', WORDS)).toEqual({ command: 'PROGRESS', suggestion: 'PROGRESS' });
    expect(commandTypo('progess', WORDS)?.command).toBe('PROGRESS');
    expect(commandTypo('nex', WORDS)?.command).toBe('NEXT'); // the allowance is the command's: 1 for NEXT
    expect(commandTypo('maendeleo.', WORDS)).toBeNull(); // a command, not a typo
    expect(commandTypo('maendelo', WORDS)?.command).toBe('MAENDELEO');
    expect(commandTypo('tiem 08:00', WORDS)).toEqual({ command: 'TIME', suggestion: 'TIME 08:00' });
  });
  it('suggests nothing for short words, sentences or two equally close commands', () => {
    expect(commandTypo('sasa', WORDS)).toBeNull(); // SAA has three letters: no typo allowed
    expect(commandTypo('sa', WORDS)).toBeNull();
    expect(commandTypo('progres is slow for me', WORDS)).toBeNull();
    expect(commandTypo('COURSEX', ['COURSES', 'COURSEZ'])).toBeNull();
  });
});

describe('replyKind', () => {
  it('reads a question first, then thanks, greetings, ok and typos', () => {
    expect(replyKind('Thanks! What is a PIN?', WORDS).kind).toBe('question');
    expect(replyKind('asante', WORDS).kind).toBe('thanks');
    expect(replyKind('Habari', WORDS).kind).toBe('greeting');
    expect(replyKind('sawa', WORDS).kind).toBe('ok');
    expect(replyKind('HLEP', WORDS)).toEqual({ kind: 'typo', command: 'HELP', suggestion: 'HELP' });
    expect(replyKind('blue banana', WORDS).kind).toBe('unknown');
  });
});
