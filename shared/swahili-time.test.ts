import { describe, expect, it } from 'vitest';
import { parseSwahiliTime, swahiliTimeWords } from './swahili-time.js';

describe('Swahili clock time', () => {
  it.each([
    ['saa moja asubuhi', '07:00'],
    ['Saa moja asubuhi.', '07:00'],
    ['saa 1 asubuhi', '07:00'],
    ['saa kumi na mbili asubuhi', '06:00'],
    ['saa tatu na nusu asubuhi', '09:30'],
    ['saa tatu unusu asubuhi', '09:30'],
    ['saa moja kasoro robo asubuhi', '06:45'],
    ['saa sita mchana', '12:00'],
    ['saa saba mchana', '13:00'],
    ['saa kumi jioni', '16:00'],
    ['saa moja jioni', '19:00'],
    ['saa mbili usiku', '20:00'],
    ['saa mbili na dakika kumi usiku', '20:10'],
    ['saa sita usiku', '00:00'],
    ['saa kumi alfajiri', '04:00'],
    ['moja asubuhi', '07:00'],
    ['saa moja', '07:00'],
    ['saa nane', '14:00'],
  ])('%s is %s', (text, time) => {
    expect(parseSwahiliTime(text)).toBe(time);
  });

  it.each(['saa 7:30', 'saa 7', 'saa kumi na tatu asubuhi', 'saa moja na nyingi', 'asubuhi', 'hello'])(
    '"%s" is not a Swahili clock time',
    (text) => {
      expect(parseSwahiliTime(text)).toBeNull();
    },
  );

  it('says a time the Swahili way, and reads back what it says', () => {
    expect(swahiliTimeWords('07:00')).toBe('saa moja asubuhi');
    expect(swahiliTimeWords('07:30')).toBe('saa moja na nusu asubuhi');
    expect(swahiliTimeWords('12:30')).toBe('saa sita na nusu mchana');
    expect(swahiliTimeWords('20:00')).toBe('saa mbili usiku');
    for (const time of ['06:00', '07:30', '12:30', '16:15', '19:00', '20:59'])
      expect(parseSwahiliTime(swahiliTimeWords(time))).toBe(time);
  });
});
