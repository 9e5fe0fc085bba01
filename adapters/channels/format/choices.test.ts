import { describe, expect, it } from 'vitest';
import { layoutChoices, numberedText, shorten } from './choices.js';

const options = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `o${i + 1}`, title: `Option ${i + 1}` }));

describe('layoutChoices', () => {
  it('shows up to 3 choices as reply buttons', () => {
    expect(layoutChoices(options(3))).toEqual({ kind: 'buttons', buttons: options(3) });
    expect(layoutChoices(options(1))).toEqual({ kind: 'buttons', buttons: options(1) });
  });

  it('shows 4 to 10 choices as a list', () => {
    expect(layoutChoices(options(4))).toEqual({ kind: 'list', rows: options(4) });
    const ten = layoutChoices(options(10));
    expect(ten.kind === 'list' && ten.rows).toHaveLength(10);
  });

  it('shows more than 10 choices as numbered text', () => {
    const layout = layoutChoices(options(11));
    expect(layout.kind).toBe('numbered');
    expect(layout.kind === 'numbered' && layout.text.split('\n')).toEqual(
      Array.from({ length: 11 }, (_, i) => `${i + 1}. Option ${i + 1}`),
    );
  });

  it('shortens button titles to 20 characters at a word boundary', () => {
    const layout = layoutChoices([
      { id: 'a', title: 'Tell me more about photosynthesis' },
      { id: 'b', title: 'Next lesson' },
    ]);
    expect(layout).toEqual({
      kind: 'buttons',
      buttons: [
        { id: 'a', title: 'Tell me more about…' },
        { id: 'b', title: 'Next lesson' },
      ],
    });
    if (layout.kind === 'buttons') expect(layout.buttons[0]!.title.length).toBeLessThanOrEqual(20);
  });

  it('uses a list when shortened button titles would look the same', () => {
    const layout = layoutChoices([
      { id: 'a', title: 'Photosynthesis in maize plants' },
      { id: 'b', title: 'Photosynthesis in bean plants' },
    ]);
    expect(layout).toEqual({
      kind: 'list',
      rows: [
        { id: 'a', title: 'Photosynthesis in maize…', description: 'Photosynthesis in maize plants' },
        { id: 'b', title: 'Photosynthesis in bean…', description: 'Photosynthesis in bean plants' },
      ],
    });
  });

  it('moves a long row title to its description, keeping both within 24 and 72', () => {
    const layout = layoutChoices([
      ...options(3),
      {
        id: 'long',
        title: 'Why do leaves change colour before they fall in the dry season?',
        description: 'A short explanation with a diagram and a quiz at the end of it',
      },
    ]);
    expect(layout.kind).toBe('list');
    const row = layout.kind === 'list' ? layout.rows[3]! : undefined;
    expect(row!.title).toBe('Why do leaves change…');
    expect(row!.title.length).toBeLessThanOrEqual(24);
    expect(row!.description!.length).toBeLessThanOrEqual(72);
    expect(row!.description).toBe('Why do leaves change colour before they fall in the dry season? — A…');
  });

  it('keeps a list when its rows have descriptions, even for 3 or fewer', () => {
    const rows = [
      { id: 'basic', title: 'Basic', description: 'One lesson a day' },
      { id: 'plus', title: 'Plus', description: 'Lessons and a tutor' },
    ];
    expect(layoutChoices(rows)).toEqual({ kind: 'list', rows });
  });

  it('respects other limits when given', () => {
    expect(layoutChoices(options(3), { buttons: 2 }).kind).toBe('list');
    expect(layoutChoices(options(5), { listRows: 4 }).kind).toBe('numbered');
  });
});

describe('shorten', () => {
  it('never cuts an emoji and never exceeds the limit', () => {
    const title = '👨‍👩‍👧‍👦 Family budget planning';
    expect(shorten(title, 20)).toBe('👨‍👩‍👧‍👦 Family…');
    const flags = '🇰🇪🇹🇿🇺🇬🇷🇼🇧🇮🇸🇸';
    const short = shorten(flags, 9);
    expect(short).toBe('🇰🇪🇹🇿…');
    expect(short.length).toBeLessThanOrEqual(9);
  });

  it('cuts one long word at a grapheme boundary, and drops a trailing comma', () => {
    expect(shorten('Supercalifragilisticexpialidocious', 10)).toBe('Supercali…');
    expect(shorten('Water, sunlight and soil', 10)).toBe('Water…');
  });
});

describe('numberedText', () => {
  it('numbers the choices from 1, with descriptions after a dash', () => {
    expect(
      numberedText([
        { id: 'a', title: 'Yes' },
        { id: 'b', title: 'No', description: 'not now' },
      ]),
    ).toBe('1. Yes\n2. No — not now');
  });
});
