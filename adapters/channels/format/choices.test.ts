import { describe, expect, it } from 'vitest';
import { layoutChoices, numberedText, onlyLabels, shorten } from './choices.js';

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

  it('labels the buttons 1, 2, 3 and lists the options in full when a title is longer than 20', () => {
    const layout = layoutChoices([
      { id: 'rent', title: 'Rent for your house' },
      { id: 'phone', title: 'A new phone when yours still works' },
      { id: 'out', title: 'Eating at a restaurant every weekend' },
    ]);
    expect(layout).toEqual({
      kind: 'buttons',
      buttons: [
        { id: 'rent', title: '1' },
        { id: 'phone', title: '2' },
        { id: 'out', title: '3' },
      ],
      listed:
        '1. Rent for your house\n2. A new phone when yours still works\n3. Eating at a restaurant every weekend',
    });
  });

  it('labels with letters when an option is itself a number, so "2" means one thing', () => {
    const layout = layoutChoices([
      { id: 'a', title: '2' },
      { id: 'b', title: '20' },
      { id: 'c', title: 'More than I can count on my fingers' },
    ]);
    expect(layout).toMatchObject({
      kind: 'buttons',
      buttons: [{ title: 'A' }, { title: 'B' }, { title: 'C' }],
      listed: 'A. 2\nB. 20\nC. More than I can count on my fingers',
    });
  });

  it('labels the buttons when titles would be the same once cased alike', () => {
    expect(
      layoutChoices([
        { id: 'a', title: 'Yes' },
        { id: 'b', title: 'YES' },
      ]),
    ).toMatchObject({ kind: 'buttons', buttons: [{ title: '1' }, { title: '2' }] });
  });

  it('keeps a long row title whole in its description when it fits there (72)', () => {
    const layout = layoutChoices([
      ...options(3),
      { id: 'long', title: 'Why do leaves change colour in the dry season?' },
    ]);
    expect(layout.kind).toBe('list');
    const row = layout.kind === 'list' ? layout.rows[3]! : undefined;
    expect(row).toEqual({
      id: 'long',
      title: 'Why do leaves change…',
      description: 'Why do leaves change colour in the dry season?',
    });
    expect(layout).not.toHaveProperty('listed');
  });

  it('lists the options in the text and labels the rows when a description cannot hold one whole', () => {
    const layout = layoutChoices([
      ...options(3),
      {
        id: 'long',
        title: 'Why do leaves change colour before they fall in the dry season?',
        description: 'A short explanation with a diagram and a quiz at the end of it',
      },
    ]);
    expect(layout.kind).toBe('list');
    if (layout.kind !== 'list') return;
    expect(layout.rows.map((r) => r.title)).toEqual(['1', '2', '3', '4']);
    expect(layout.rows[3]!.description).toBe(
      'Why do leaves change colour before they fall in the dry season?',
    );
    expect(layout.listed).toBe(
      '1. Option 1\n2. Option 2\n3. Option 3\n' +
        '4. Why do leaves change colour before they fall in the dry season? — A short explanation with a diagram and a quiz at the end of it',
    );
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

describe('onlyLabels', () => {
  it('tells choices that are only labels from real titles', () => {
    expect(onlyLabels([{ title: '1' }, { title: '2' }])).toBe(true);
    expect(onlyLabels([{ title: 'A' }, { title: 'B' }, { title: 'C' }])).toBe(true);
    expect(onlyLabels([{ title: '1' }, { title: '3' }])).toBe(false);
    expect(onlyLabels([{ title: 'Yes' }, { title: 'No' }])).toBe(false);
    expect(onlyLabels([])).toBe(false);
  });
});
