/**
 * Choices as WhatsApp can show them: up to 3 reply buttons, up to 10 list rows, or numbered text
 * lines beyond that (and on channels without interactive messages). Decisions (issue 11): a learner
 * must be able to read every option whole, so when a title does not fit its slot, either the list
 * row keeps it whole in its description (4–10 choices, when it fits there), or the message text
 * lists the options in full, labelled 1, 2, 3 (A, B, C when an option is itself a number), and
 * the buttons or rows carry only those labels. Buttons are preferred to a list for up to 3
 * choices: one tap instead of two.
 */
import { choiceLabels } from '../../../engine/choices.js';
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

/** `listed`: the options in full, labelled as the buttons or rows are, for the message text. */
export type ChoiceLayout =
  | { kind: 'buttons'; buttons: { id: string; title: string }[]; listed?: string }
  | { kind: 'list'; rows: Choice[]; listed?: string }
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

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The choices as "1. Title — description" lines (or "A. …" when labelled so), to answer by label or title. */
export function numberedText(
  choices: readonly Choice[],
  labels: readonly string[] = choiceLabels(choices.map((c) => c.title)),
): string {
  return choices
    .map((c, i) => `${labels[i]}. ${c.title}${c.description ? ` — ${c.description}` : ''}`)
    .join('\n');
}

/** True when the choices are only labels (1, 2, 3 or A, B, C) of options the text lists in full. */
export function onlyLabels(choices: readonly { title: string }[]): boolean {
  const titles = choices.map((c) => c.title);
  const numbers = titles.every((t, i) => t === String(i + 1));
  const letters = titles.every((t, i) => t === String.fromCharCode(65 + i));
  return titles.length > 0 && (numbers || letters);
}

/** Labels on the buttons or rows, the options in full in the text. */
function labelled(choices: readonly Choice[], kind: 'buttons' | 'list', limits: ChoiceLimits): ChoiceLayout {
  const labels = choiceLabels(choices.map((c) => c.title));
  const listed = numberedText(choices, labels);
  if (kind === 'buttons')
    return { kind, buttons: choices.map((c, i) => ({ id: c.id, title: labels[i]! })), listed };
  // A row still says what it is: its label, and as much of the option as the description holds.
  const rows = choices.map((c, i) => ({
    id: c.id,
    title: labels[i]!,
    description: shorten(c.title, limits.rowDescription),
  }));
  return { kind, rows, listed };
}

function asButtons(choices: readonly Choice[], limits: ChoiceLimits): ChoiceLayout | null {
  if (choices.some((c) => c.description)) return null;
  const fits = choices.every((c) => flat(c.title).length <= limits.buttonTitle);
  // WhatsApp refuses two buttons with one title.
  const unique = new Set(choices.map((c) => flat(c.title).toLowerCase())).size === choices.length;
  if (fits && unique)
    return { kind: 'buttons', buttons: choices.map((c) => ({ id: c.id, title: flat(c.title) })) };
  return labelled(choices, 'buttons', limits);
}

function asList(choices: readonly Choice[], limits: ChoiceLimits): ChoiceLayout {
  const rows = choices.map((c): Choice => {
    const title = shorten(c.title, limits.rowTitle);
    const full = flat(c.title);
    const details = title === full ? c.description : [full, c.description].filter(Boolean).join(' — ');
    return details ? { id: c.id, title, description: details } : { id: c.id, title };
  });
  const unique = new Set(rows.map((r) => r.title.toLowerCase())).size === rows.length;
  // A row whose whole text does not fit its description would be cut: list the options in the text.
  const whole = rows.every((r) => (r.description ?? '').length <= limits.rowDescription);
  return unique && whole ? { kind: 'list', rows } : labelled(choices, 'list', limits);
}

/** Buttons for up to 3 choices, a list for up to 10, numbered text for more; every option readable whole. */
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
