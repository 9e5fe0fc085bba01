import type { OutboundMessage } from '../../../engine/ports.js';
import { WHATSAPP_LIMITS } from '../../../shared/whatsapp-limits.js';
import { layoutChoices, numberedText, shorten, WHATSAPP_CHOICE_LIMITS, type Choice } from './choices.js';
import { toWhatsApp } from './markdown.js';
import { splitText } from './split.js';

export { layoutChoices, numberedText, onlyLabels, shorten, WHATSAPP_CHOICE_LIMITS } from './choices.js';
export type { Choice, ChoiceLayout, ChoiceLimits } from './choices.js';
export { toWhatsApp } from './markdown.js';
export { splitText } from './split.js';

export type FormatChannel = 'twilio' | 'meta' | 'console';

/** What one provider message may hold, in UTF-16 code units; null: no limits (the console). */
export const MESSAGE_LIMITS: Record<
  FormatChannel,
  { text: number; caption: number; interactiveBody: number } | null
> = {
  twilio: {
    text: WHATSAPP_LIMITS.twilioText,
    caption: WHATSAPP_LIMITS.caption,
    interactiveBody: WHATSAPP_LIMITS.interactiveBody,
  },
  meta: {
    text: WHATSAPP_LIMITS.metaText,
    caption: WHATSAPP_LIMITS.caption,
    interactiveBody: WHATSAPP_LIMITS.interactiveBody,
  },
  console: null,
};

export interface FormatOptions {
  /** false: choices go as numbered text (no interactive content template for this channel). */
  interactive?: boolean;
  /** The label of the button that opens a list, for a message whose choices had none (more than 3 buttons). */
  listButton?: string;
}

type Extra = Omit<OutboundMessage, 'text' | 'buttons' | 'list' | 'media'>;

/** The choices part of a message: buttons, a list, or nothing (they went into the text). */
function interactivePart(
  layout: ReturnType<typeof layoutChoices>,
  listButton: string,
): Pick<OutboundMessage, 'buttons' | 'list'> {
  if (layout.kind === 'buttons') return { buttons: layout.buttons };
  if (layout.kind === 'list') {
    return { list: { button: shorten(listButton, WHATSAPP_CHOICE_LIMITS.listButton), rows: layout.rows } };
  }
  return {};
}

/** The text already lists the options as `listed` does, line for line (a prompt that numbers them itself). */
function listsAlready(body: string, listed: string): boolean {
  const lines = new Set(body.split('\n').map((line) => line.replace(/\s+/g, ' ').trim()));
  return listed.split('\n').every((line) => lines.has(line.replace(/\s+/g, ' ').trim()));
}

/**
 * The provider messages that deliver one outbound message, in order: Markdown converted, text
 * split to the channel's limit, media first (alone when its caption would be too long or choices
 * follow), and the choices (buttons, list or numbered text) on the last part only.
 */
export function formatFor(
  channel: FormatChannel,
  message: OutboundMessage,
  options: FormatOptions = {},
): OutboundMessage[] {
  const { text, buttons, list, media, ...extra } = message;
  const body = toWhatsApp(text);
  const choices: Choice[] = [...(buttons ?? []), ...(list?.rows ?? [])];
  const layout = choices.length > 0 ? layoutChoices(choices) : null;
  // WhatsApp needs a body above buttons; with no text, the choices become the text.
  const interactive =
    layout !== null && layout.kind !== 'numbered' && options.interactive !== false && body.trim() !== '';
  const listed = interactive && 'listed' in layout && layout.listed ? layout.listed : '';
  const fullText =
    layout && !interactive
      ? [body, numberedText(choices)].filter((t) => t.trim()).join('\n\n')
      : listed && !listsAlready(body, listed)
        ? `${body}\n\n${listed}`
        : body;
  const attached =
    layout && interactive ? interactivePart(layout, list?.button ?? options.listButton ?? '☰') : {};

  const limits = MESSAGE_LIMITS[channel];
  if (!limits) return [{ ...extra, text: fullText, ...(media ? { media } : {}), ...attached }];

  const parts: OutboundMessage[] = [];
  const fitsAsCaption = fullText.length <= limits.caption && !interactive;
  if (media) parts.push({ ...extra, text: fitsAsCaption ? fullText.trim() : '', media });
  if (!media || !fitsAsCaption) {
    const texts = splitText(fullText, limits.text, interactive ? { lastLimit: limits.interactiveBody } : {});
    for (const part of texts) parts.push({ ...extra, text: part });
  }
  if (parts.length === 0) return [];
  parts[parts.length - 1] = { ...parts[parts.length - 1]!, ...attached };
  // Outside the 24-hour window only the first part goes as the approved template; the rest wait.
  return parts.map((part, i) => (i === 0 ? part : withoutTemplate(part)));
}

function withoutTemplate(part: OutboundMessage): OutboundMessage {
  const { template: _template, ...rest } = part as OutboundMessage & Extra & { template?: unknown };
  return rest;
}
