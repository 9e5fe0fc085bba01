import type { InboundMessage } from '../../engine/events.js';
import type { OutboundMessage } from '../../engine/ports.js';

export interface Choice {
  kind: 'button' | 'list';
  id: string;
  title: string;
}

/** The reply buttons or list rows a message offers, in the order the learner sees them. */
export function choicesOf(message: OutboundMessage | undefined): Choice[] {
  if (!message) return [];
  const buttons = (message.buttons ?? []).map((b) => ({ kind: 'button' as const, id: b.id, title: b.title }));
  const rows = (message.list?.rows ?? []).map((r) => ({ kind: 'list' as const, id: r.id, title: r.title }));
  return [...buttons, ...rows];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * What a learner's answer taps, like WhatsApp would send it: a choice of the newest message that
 * offers any, by its number (1-based), its id or its title; older messages' choices by id or title.
 */
export function resolveChoice(
  messages: OutboundMessage[],
  answer: string,
  options: { byNumber?: boolean } = {},
): Choice | null {
  const offering = [...messages].reverse().filter((m) => choicesOf(m).length > 0);
  const latest = choicesOf(offering[0]);
  if (options.byNumber !== false && /^\d+$/.test(answer.trim())) {
    const picked = latest[Number(answer.trim()) - 1];
    if (picked) return picked;
  }
  for (const message of offering) {
    const choices = choicesOf(message);
    const found = choices.find((c) => c.id === answer.trim()) ?? choices.find((c) => same(c.title, answer));
    if (found) return found;
  }
  return null;
}

export function inboundOf(choice: Choice): InboundMessage {
  return { kind: choice.kind, id: choice.id, title: choice.title };
}
