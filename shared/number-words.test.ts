import { describe, expect, it } from 'vitest';
import { numberFromWords, numbersInWords } from './number-words.js';

describe('numbers written in words', () => {
  it.each([
    ['six', 6],
    ['Twenty', 20],
    ['twenty-five', 25],
    ['two hundred and fifty', 250],
    ['fifteen hundred', 1500],
    ['one thousand five hundred', 1500],
    ['sita', 6],
    ['ishirini', 20],
    ['ishirini na tano', 25],
    ['kumi na mbili', 12],
    ['mia', 100],
    ['mia mbili na hamsini', 250],
    ['elfu moja mia tano', 1500],
  ])('%s is %d', (text, value) => {
    expect(numberFromWords(text)).toBe(value);
  });

  it.each(['two three', 'mbili na tatu', 'five twenty', 'hundred', 'sita minutes', ''])(
    '"%s" is not one number',
    (text) => {
      expect(numberFromWords(text)).toBeUndefined();
    },
  );

  it('finds the numbers in a sentence, a run that is not one number counting as two', () => {
    expect(numbersInWords('one minute')).toEqual([1]);
    expect(numbersInWords('dakika sita hivi')).toEqual([6]);
    expect(numbersInWords('one or two')).toEqual([1, 2]);
    expect(numbersInWords('five twenty')).toHaveLength(2);
    expect(numbersInWords('no idea')).toEqual([]);
  });
});
