import { describe, expect, it } from 'vitest';
import { choiceLabels, matchChoice } from './choices.js';

const offered = [
  { id: 'water', title: 'Water' },
  { id: 'sun', title: '☀️ Sunlight' },
  { id: 'cafe', title: 'Café au lait' },
];

describe('matchChoice', () => {
  it('matches the id a button or list reply carries', () => {
    expect(matchChoice('sun', offered)?.id).toBe('sun');
  });

  it.each(['2', '2.', ' 2 ', '2)', '2. Sunlight'])('matches the number %j', (reply) => {
    expect(matchChoice(reply, offered)?.id).toBe('sun');
  });

  it.each(['water', 'WATER', 'Water!', '"water"', 'water.', '💧 water', '  Water  '])(
    'matches the text %j regardless of case, punctuation and emoji',
    (reply) => {
      expect(matchChoice(reply, offered)?.id).toBe('water');
    },
  );

  it('ignores accents and emoji on either side', () => {
    expect(matchChoice('cafe au lait', offered)?.id).toBe('cafe');
    expect(matchChoice('CAFÉ AU LAIT', offered)?.id).toBe('cafe');
    expect(matchChoice('sunlight', offered)?.id).toBe('sun');
    expect(matchChoice('☀ sunlight', offered)?.id).toBe('sun');
  });

  it('answers null for free text, an out-of-range number or nothing', () => {
    expect(matchChoice('I think it needs water and sun', offered)).toBeNull();
    expect(matchChoice('4', offered)).toBeNull();
    expect(matchChoice('0', offered)).toBeNull();
    expect(matchChoice('', offered)).toBeNull();
    expect(matchChoice('2. Water', offered)).toBeNull();
    expect(matchChoice('yes', [])).toBeNull();
  });

  it('reads a number as the title when the titles are numbers (a 1–5 rating shown from 5 down)', () => {
    const rating = ['5', '4', '3', '2', '1'].map((n) => ({ id: `r${n}`, title: n }));
    expect(matchChoice('1', rating)?.id).toBe('r1');
    expect(matchChoice('5.', rating)?.id).toBe('r5');
  });

  it('matches emoji-only titles by their emoji', () => {
    const faces = [
      { id: 'happy', title: '😀' },
      { id: 'sad', title: '😞' },
    ];
    expect(matchChoice('😞', faces)?.id).toBe('sad');
  });

  it('refuses to guess between two options that read the same', () => {
    const twins = [
      { id: 'a', title: 'Résumé' },
      { id: 'b', title: 'resume' },
    ];
    expect(matchChoice('RESUME!', twins)).toBeNull();
    expect(matchChoice('b', twins)?.id).toBe('b');
  });

  it('reads a letter as the position when the options are lettered (one of them is a number)', () => {
    const amounts = [
      { id: 'two', title: '2' },
      { id: 'twenty', title: '20' },
      { id: 'lots', title: 'More than I can count on my fingers' },
    ];
    expect(choiceLabels(amounts.map((c) => c.title))).toEqual(['A', 'B', 'C']);
    expect(matchChoice('b', amounts)?.id).toBe('twenty');
    expect(matchChoice('C)', amounts)?.id).toBe('lots');
    expect(matchChoice('B. 20', amounts)?.id).toBe('twenty');
    expect(matchChoice('2', amounts)?.id).toBe('two');
    expect(matchChoice('3', amounts)).toBeNull();
    expect(matchChoice('d', amounts)).toBeNull();
  });

  it('labels choices 1, 2, 3 unless one is a bare number', () => {
    expect(choiceLabels(['Rent for your house', 'KSh 1,500', 'A new phone'])).toEqual(['1', '2', '3']);
  });
});
