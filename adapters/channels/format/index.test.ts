import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../engine/ports.js';
import { formatFor } from './index.js';

const sentence = (i: number) => `Idea ${i} is explained here in one short sentence.`;
const paragraphs = (count: number, perParagraph: number) =>
  Array.from({ length: count }, (_, p) =>
    Array.from({ length: perParagraph }, (_, s) => sentence(p * perParagraph + s)).join(' '),
  ).join('\n\n');
const image = { type: 'image' as const, url: 'https://example.com/leaf.png' };
const yesNo = [
  { id: 'yes', title: 'Yes' },
  { id: 'no', title: 'No' },
];

describe('formatFor', () => {
  it('converts Markdown and keeps a short message whole, buttons included', () => {
    expect(formatFor('twilio', { text: '**Ready?**', buttons: yesNo })).toEqual([
      { text: '*Ready?*', buttons: yesNo },
    ]);
  });

  it('splits a 2,000-character lesson into two Twilio parts with the buttons on the last only', () => {
    const lesson = paragraphs(8, 5).slice(0, 2000);
    const parts = formatFor('twilio', { text: lesson, buttons: yesNo });
    expect(parts).toHaveLength(2);
    expect(parts[0]!.buttons).toBeUndefined();
    expect(parts[1]!.buttons).toEqual(yesNo);
    expect(parts.every((p) => p.text.length <= 1600)).toBe(true);
    // The part that carries buttons is an interactive body: at most 1,024.
    expect(parts[1]!.text.length).toBeLessThanOrEqual(1024);
  });

  it('sends the same lesson as one Meta message and one console message', () => {
    const lesson = paragraphs(8, 5).slice(0, 2000);
    expect(formatFor('meta', { text: lesson })).toHaveLength(1);
    const long = paragraphs(40, 5);
    expect(long.length).toBeGreaterThan(8000);
    expect(formatFor('meta', { text: long }).every((p) => p.text.length <= 4096)).toBe(true);
    expect(formatFor('console', { text: long })).toEqual([{ text: long }]);
  });

  it('keeps a caption of up to 1,024 characters with its image', () => {
    const caption = 'x '.repeat(512).trim();
    expect(formatFor('twilio', { text: caption, media: image })).toEqual([{ text: caption, media: image }]);
  });

  it('sends an image alone when its caption is longer, the text following as parts', () => {
    const text = paragraphs(4, 6); // over 1,024
    const parts = formatFor('twilio', { text, media: image });
    expect(parts[0]).toEqual({ text: '', media: image });
    expect(
      parts
        .slice(1)
        .map((p) => p.text)
        .join('\n\n'),
    ).toBe(text);
  });

  it('sends media before text that carries buttons (WhatsApp puts buttons under a text body)', () => {
    expect(formatFor('twilio', { text: 'Which leaf is healthy?', media: image, buttons: yesNo })).toEqual([
      { text: '', media: image },
      { text: 'Which leaf is healthy?', buttons: yesNo },
    ]);
  });

  it('lays out choices: 4–10 as a list under the flow’s list button, more as numbered text', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: `r${i}`, title: `Topic ${i + 1}` }));
    expect(formatFor('meta', { text: 'Pick a topic', list: { button: 'Topics', rows } })).toEqual([
      { text: 'Pick a topic', list: { button: 'Topics', rows } },
    ]);
    const many = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, title: `Topic ${i + 1}` }));
    const [only] = formatFor('meta', { text: 'Pick a topic', list: { button: 'Topics', rows: many } });
    expect(only!.list).toBeUndefined();
    expect(only!.text).toBe(`Pick a topic\n\n${many.map((r, i) => `${i + 1}. ${r.title}`).join('\n')}`);
  });

  it('turns more than 3 buttons into a list, labelled by the caller', () => {
    const four = Array.from({ length: 4 }, (_, i) => ({ id: `b${i}`, title: `Choice ${i + 1}` }));
    const [only] = formatFor('twilio', { text: 'Choose', buttons: four }, { listButton: 'Chagua' });
    expect(only).toEqual({ text: 'Choose', list: { button: 'Chagua', rows: four } });
  });

  it('lists the options in full and labels the buttons when a title would be cut (issue 11)', () => {
    const options = [
      { id: 'rent', title: 'Rent for your house' },
      { id: 'phone', title: 'A new phone when yours still works' },
    ];
    const labels = [
      { id: 'rent', title: '1' },
      { id: 'phone', title: '2' },
    ];
    const listed = '1. Rent for your house\n2. A new phone when yours still works';
    for (const channel of ['twilio', 'meta', 'console'] as const)
      expect(formatFor(channel, { text: 'Which is a need?', buttons: options })).toEqual([
        { text: `Which is a need?\n\n${listed}`, buttons: labels },
      ]);
    // A prompt that numbers its options itself does not get them twice.
    expect(formatFor('twilio', { text: `Pick one:\n\n${listed}`, buttons: options })).toEqual([
      { text: `Pick one:\n\n${listed}`, buttons: labels },
    ]);
    expect(formatFor('twilio', { text: 'Which?', buttons: options }, { interactive: false })).toEqual([
      { text: `Which?\n\n${listed}` },
    ]);
  });

  it('writes choices as numbered text when the channel has no interactive template', () => {
    expect(formatFor('twilio', { text: 'Ready?', buttons: yesNo }, { interactive: false })).toEqual([
      { text: 'Ready?\n\n1. Yes\n2. No' },
    ]);
  });

  it('keeps other fields on every part, but the template only on the first', () => {
    const template = { name: 'daily_lesson', language: 'en', variables: { name: 'Amina' } };
    const message = { text: paragraphs(8, 5), afterOptOut: true, template } as OutboundMessage;
    const parts = formatFor('twilio', message) as (OutboundMessage & {
      template?: unknown;
      afterOptOut?: boolean;
    })[];
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]!.template).toEqual(template);
    expect(parts.slice(1).every((p) => p.template === undefined && p.afterOptOut === true)).toBe(true);
  });

  it('sends nothing for an empty message', () => {
    expect(formatFor('twilio', { text: '  ' })).toEqual([]);
  });
});
