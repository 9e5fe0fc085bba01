import { WHATSAPP_LIMITS } from '../../shared/whatsapp-limits.js';
import { cutAsWhatsApp, type ShownMessage } from '../../scripts/bench/fake-twilio.js';
import type { FakeMetaMessage } from './fake-meta.js';

interface Row {
  id: string;
  title: string;
  description?: string;
}

/**
 * A Cloud API message as the learner's phone shows it: the text (or interactive body), and its
 * reply buttons or list rows with titles cut as WhatsApp cuts them (buttons 20, rows 24, descriptions 72).
 */
export function shownOnMeta({ request }: FakeMetaMessage): ShownMessage {
  const limits = WHATSAPP_LIMITS;
  if (request.type !== 'interactive') {
    const text =
      request.type === 'text'
        ? (request.text.body as string)
        : ((request[request.type]?.caption as string) ?? '');
    return { text, kind: 'text', choices: [] };
  }
  const { interactive } = request;
  const text = interactive.body.text as string;
  if (interactive.type === 'button') {
    const buttons = interactive.action.buttons as { reply: { id: string; title: string } }[];
    const choices = buttons.map(({ reply }) => ({
      id: reply.id,
      title: cutAsWhatsApp(reply.title, limits.buttonTitle),
    }));
    return { text, kind: 'buttons', choices };
  }
  const rows = (interactive.action.sections as { rows: Row[] }[]).flatMap((s) => s.rows);
  const choices = rows.map((r) => ({
    id: r.id,
    title: cutAsWhatsApp(r.title, limits.rowTitle),
    ...(r.description ? { description: cutAsWhatsApp(r.description, limits.rowDescription) } : {}),
  }));
  return { text, kind: 'list', choices };
}
