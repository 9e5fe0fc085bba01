/**
 * Choices as WhatsApp can show them: up to 3 reply buttons, up to 10 list rows, or numbered text
 * lines beyond that (and on channels without interactive messages). Titles too long for their
 * slot are shortened at a word or grapheme boundary with "…"; in a list the full text moves to
 * the row's description.
 */

import { WHATSAPP_LIMITS } from '../../../shared/whatsapp-limits.js';

export interface Choice {
  id: string;
  title: string;
  description?: string;
}

export interface ChoiceLimits {
  buttons: number;
  buttonTitle: number;
  listRows: number;
  rowTitle: number;
  rowDescription: number;
  /** The label of the button that opens a list. */
  listButton: number;
}

/** WhatsApp's limits, the same on Twilio's Content API and Meta's Cloud API. */
export const WHATSAPP_CHOICE_LIMITS: ChoiceLimits = {
  buttons: WHATSAPP_LIMITS.buttons,
  buttonTitle: WHATSAPP_LIMITS.buttonTitle,
  listRows: WHATSAPP_LIMITS.listRows,
  rowTitle: WHATSAPP_LIMITS.rowTitle,
  rowDescription: WHATSAPP_LIMITS.rowDescription,
  listButton: WHATSAPP_LIMITS.listButton,
};

export type ChoiceLayout =
  | { kind: 'buttons'; buttons: { id: string; title: string }[] }
  | { kind: 'list'; rows: Choice[] }
  | { kind: 'numbered'; text: string };

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `text` in at most `max` UTF-16 code units: cut at a word (or else a grapheme) boundary, with "…". */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const room = max - 1;
  let end = 0;
  for (const { index, segment } of graphemes.segment(flat)) {
    if (index + segment.length > room) break;
    end = index + segment.length;
  }
  let cut = flat.slice(0, end);
  // Back up to the last space unless the cut already ends a word, or the word is most of the room.
  const space = cut.lastIndexOf(' ');
  if (flat[end] !== ' ' && space >= room / 2) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:\-–—]+$/u, '')}…`;
}

/** The choices as "1. Title — description" lines, for a learner to answer by number or title. */
export function numberedText(choices: readonly Choice[]): string {
  return choices
    .map((c, i) => `${i + 1}. ${c.title}${c.description ? ` — ${c.description}` : ''}`)
    .join('\n');
}

function asButtons(choices: readonly Choice[], limits: ChoiceLimits): ChoiceLayout | null {
  const buttons = choices.map((c) => ({ id: c.id, title: shorten(c.title, limits.buttonTitle) }));
  // WhatsApp refuses two buttons with one title: shortening must not make them equal.
  const unique = new Set(buttons.map((b) => b.title.toLowerCase())).size === buttons.length;
  const lost = choices.some((c) => c.description);
  return unique && !lost ? { kind: 'buttons', buttons } : null;
}

function asList(choices: readonly Choice[], limits: ChoiceLimits): ChoiceLayout {
  const rows = choices.map((c): Choice => {
    const title = shorten(c.title, limits.rowTitle);
    const full = c.title.replace(/\s+/g, ' ').trim();
    const details = title === full ? c.description : [full, c.description].filter(Boolean).join(' — ');
    return details
      ? { id: c.id, title, description: shorten(details, limits.rowDescription) }
      : { id: c.id, title };
  });
  return { kind: 'list', rows };
}

/** Buttons for up to 3 choices, a list for up to 10, numbered text for more. */
export function layoutChoices(choices: readonly Choice[], limits: Partial<ChoiceLimits> = {}): ChoiceLayout {
  const all = { ...WHATSAPP_CHOICE_LIMITS, ...limits };
  if (choices.length === 0) return { kind: 'numbered', text: '' };
  if (choices.length <= all.buttons) {
    const buttons = asButtons(choices, all);
    if (buttons) return buttons;
  }
  if (choices.length <= all.listRows) return asList(choices, all);
  return { kind: 'numbered', text: numberedText(choices) };
}
