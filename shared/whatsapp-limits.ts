/**
 * WhatsApp's size limits in one place, for the channel formatters (adapters/channels/format) and
 * for `content:check`, which warns authors about text WhatsApp would cut. Lengths are UTF-16 code
 * units (JavaScript's `length`), the stricter reading: an emoji counts as two.
 *
 * Sources: Meta Cloud API interactive-message reference (reply button title 20, id 256; list
 * button 20, row title 24, row description 72, row id 200, 10 rows; header and footer 60; body
 * 1,024), Meta text body 4,096, Twilio WhatsApp body 1,600 (error 21617), captions 1,024.
 */
export const WHATSAPP_LIMITS = {
  /** Reply buttons in one message. */
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  /** Rows in one list message, over all its sections. */
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  /** The label of the button that opens a list. */
  listButton: 20,
  header: 60,
  footer: 60,
  /** The body of a message with buttons or a list. */
  interactiveBody: 1024,
  caption: 1024,
  metaText: 4096,
  twilioText: 1600,
} as const;

/** Where a choice's title goes when a message offers `count` choices, and how long it may be there. */
export type ChoiceSlot =
  { kind: 'button'; max: number } | { kind: 'listRow'; max: number } | { kind: 'numberedText'; max: null };

export function choiceSlot(count: number): ChoiceSlot {
  if (count <= WHATSAPP_LIMITS.buttons) return { kind: 'button', max: WHATSAPP_LIMITS.buttonTitle };
  if (count <= WHATSAPP_LIMITS.listRows) return { kind: 'listRow', max: WHATSAPP_LIMITS.rowTitle };
  return { kind: 'numberedText', max: null };
}

/** A title as WhatsApp measures it: runs of white space count as one space, the ends trimmed. */
export function titleLength(title: string): number {
  return title.replace(/\s+/g, ' ').trim().length;
}

/** The titles (by position) that WhatsApp would shorten when all of them are offered in one message. */
export function titlesToShorten(titles: readonly string[]): { index: number; length: number; max: number }[] {
  const slot = choiceSlot(titles.length);
  if (slot.max === null) return [];
  const max = slot.max;
  return titles
    .map((title, index) => ({ index, length: titleLength(title), max }))
    .filter((t) => t.length > max);
}
