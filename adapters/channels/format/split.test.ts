import { describe, expect, it } from 'vitest';
import { splitText } from './split.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const startsGrapheme = (text: string, offset: number) =>
  segmenter.segment(text).containing(offset)?.index === offset;

/** A small seeded generator so a failing case can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

const WORDS = [
  'learn',
  '\u0301mark', // a combining accent: after a space, the two form one grapheme
  'photosynthesis',
  'M-PESA',
  'kila',
  'siku',
  'café',
  'naïve',
  'e\u0301te\u0301',
  '100\u00a0KSh',
];
const EMOJI = ['👍🏽', '👨‍👩‍👧‍👦', '🇰🇪', '❤️', '🧑🏿‍🌾', '✅'];
const URLS = [
  'https://example.com/lessons/42?utm_source=whatsapp&x=1',
  'https://learnloop.app/files/AbC-_xyz',
];
const ENDS = ['.', '!', '?', '', '', ',', ':'];
const GAPS = [' ', ' ', ' ', ' ', '\n', '\n\n', '  ', '\n \n'];

function generatedText(seed: number): string {
  const { next, pick } = random(seed);
  const length = 50 + Math.floor(next() * 6000);
  let text = '';
  while (text.length < length) {
    const r = next();
    const word =
      r < 0.7
        ? pick(WORDS)
        : r < 0.82
          ? pick(EMOJI)
          : r < 0.92
            ? pick(URLS)
            : r < 0.97
              ? pick(EMOJI).repeat(1 + Math.floor(next() * 3))
              : 'x'.repeat(Math.floor(next() * 3000)) + pick(EMOJI);
    text += word + pick(ENDS) + pick(GAPS);
  }
  return text;
}

const WHITESPACE = /\s/;

/** Checks the parts rebuild the text, losing only whitespace at cuts; returns the cut offsets. */
function rebuild(original: string, parts: string[]): { offset: number; next: number; gap: boolean }[] {
  const text = original.trim();
  const cuts: { offset: number; next: number; gap: boolean }[] = [];
  let at = 0;
  parts.forEach((part, index) => {
    if (index > 0) {
      const gapStart = at;
      while (WHITESPACE.test(text[at]!)) at++;
      cuts.push({ offset: gapStart, next: at, gap: at > gapStart });
    }
    expect(text.startsWith(part, at), `part ${index} continues the text at ${at}`).toBe(true);
    at += part.length;
  });
  expect(at).toBe(text.length);
  return cuts;
}

function wordAround(text: string, offset: number): string {
  let start = offset;
  let end = offset;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  while (end < text.length && !/\s/.test(text[end]!)) end++;
  return text.slice(start, end);
}

describe('splitText', () => {
  it('leaves text within the limit as one part, and gives nothing for empty text', () => {
    expect(splitText('Habari! Lesson 1 is ready.', 1600)).toEqual(['Habari! Lesson 1 is ready.']);
    expect(splitText('  \n ', 1600)).toEqual([]);
    expect(splitText('x'.repeat(1600), 1600)).toHaveLength(1);
  });

  it('sends a 2,000-character lesson as exactly two parts, cut at a paragraph', () => {
    const paragraph = (n: number) =>
      Array.from({ length: n }, (_, i) => `Sentence ${i} explains one idea about soil.`).join(' ');
    let lesson = [paragraph(15), paragraph(17), paragraph(14)].join('\n\n') + ' Karibu 🌱';
    while (lesson.length < 1998) lesson += ' ok';
    lesson = lesson.padEnd(2000, '!');
    expect(lesson.length).toBe(2000);
    const parts = splitText(lesson, 1600);
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.length <= 1600)).toBe(true);
    expect(parts[0]!.endsWith('about soil.')).toBe(true);
    expect(lesson.indexOf(parts[1]!)).toBe(parts[0]!.length + 2);
  });

  it('cuts at a sentence end rather than between words when no paragraph fits', () => {
    const text = 'One two three. Four five six seven eight nine ten.';
    expect(splitText(text, 40)).toEqual(['One two three.', 'Four five six seven eight nine ten.']);
  });

  it('prefers a line break to a sentence end', () => {
    const text = 'First point. Still the first\nSecond point here';
    expect(splitText(text, 35)).toEqual(['First point. Still the first', 'Second point here']);
  });

  it('keeps a URL whole, moving it to the next part', () => {
    const url = 'https://example.com/a/very/long/path?with=query&and=more';
    const text = `Read this: ${url} today`;
    const parts = splitText(text, 62);
    expect(parts).toContain(url + ' today');
    expect(parts[0]).toBe('Read this:');
  });

  it('never cuts an emoji, a ZWJ family or a flag, even inside a word longer than the limit', () => {
    const flags = '🇰🇪'.repeat(1000); // 4,000 code units, no space anywhere
    const parts = splitText(flags, 1601);
    expect(parts.join('')).toBe(flags);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1601);
      expect(part).toMatch(/^(🇰🇪)+$/);
    }
    const family = '👨‍👩‍👧‍👦'; // 11 code units
    const text = `${'ab '.repeat(5)}${family.repeat(3)}`;
    for (const part of splitText(text, 20)) {
      for (const { segment } of segmenter.segment(part)) {
        if (/\p{Extended_Pictographic}/u.test(segment)) expect(segment).toBe(family);
      }
    }
  });

  it('keeps the last part within lastLimit (the body that carries buttons)', () => {
    const text = Array.from({ length: 60 }, (_, i) => `Point ${i} is short.`).join(' ');
    const parts = splitText(text, 1600, { lastLimit: 200 });
    expect(parts.at(-1)!.length).toBeLessThanOrEqual(200);
    expect(parts).toHaveLength(2);
  });

  it('holds its promises on 300 generated texts of words, emoji, URLs and over-long words', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = generatedText(seed);
      const limit = [1600, 4096, 300, 97][seed % 4]!;
      const parts = splitText(text, limit);
      const trimmed = text.trim();
      for (const part of parts) {
        expect(part.length, `seed ${seed}`).toBeLessThanOrEqual(limit);
        expect(part.length, `seed ${seed}`).toBeGreaterThan(0);
        expect(part).toBe(part.trim());
      }
      for (const { offset, next, gap } of rebuild(text, parts)) {
        expect(startsGrapheme(trimmed, offset), `seed ${seed}: cut inside a grapheme at ${offset}`).toBe(
          true,
        );
        expect(startsGrapheme(trimmed, next), `seed ${seed}: part starts inside a grapheme at ${next}`).toBe(
          true,
        );
        // A cut with no whitespace is only allowed inside a word longer than a whole part.
        if (!gap) expect(wordAround(trimmed, offset).length, `seed ${seed}`).toBeGreaterThan(limit);
        // A URL is never cut, whatever its length.
        if (!gap) expect(wordAround(trimmed, offset)).not.toMatch(/^https:/);
      }
      if (trimmed.length <= limit) expect(parts).toEqual([trimmed]);
    }
  });

  it('splits a long text without spaces quickly', () => {
    const started = performance.now();
    expect(splitText('a'.repeat(50_000), 1600)).toHaveLength(32);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
