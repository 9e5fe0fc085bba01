import { createHash } from 'node:crypto';
import type twilio from 'twilio';
import {
  ChannelError,
  type Channel,
  type OutboundMessage,
  type SendOptions,
  type SentQuery,
} from '../../../engine/ports.js';
import type { Cache } from '../../cache/cache.js';
import type { MediaType } from '../../../engine/events.js';
import { numberedText, onlyLabels } from '../format/choices.js';
import { checkMedia } from '../media.js';
import { contentVariables } from '../../../content/templates.js';
import type { TemplateCatalog } from '../templates.js';
import { twilioClient, type TwilioCredentials } from './client.js';

export interface TwilioChannelOptions extends TwilioCredentials {
  /** The sender, like whatsapp:+14155238886. */
  from: string;
  /** Where Twilio posts delivery statuses (PUBLIC_BASE_URL + /webhooks/twilio/status). */
  statusCallbackUrl: string;
  templates: TemplateCatalog;
  /** Remembers the ContentSid made for each set of buttons or list rows, across processes. */
  cache: Cache;
  /** false: buttons and lists go as numbered text instead of Content API quick replies and lists. */
  interactive?: boolean;
  /** Checks a media URL's type and size before sending (tests may skip it for URLs that do not resolve). */
  checkMedia?: (media: { type: MediaType; url: string }) => Promise<void>;
}

/** Twilio error codes worth a retry: rate limits and Twilio's own trouble. */
const RETRYABLE_CODES = new Set([20429, 63018, 20500, 20503]);

/** Connection errors that prove the request never reached Twilio; any other silence may hide a send. */
const NEVER_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * How far back of the time a row was handed over a message of it may be dated: Twilio's
 * date_created has whole seconds, and its clock and ours may differ a little.
 */
const FIND_SKEW_MS = 2_000;

function channelError(error: unknown): ChannelError {
  const e = error as { status?: number; code?: number | string; message?: string };
  if (typeof e.status !== 'number') {
    const reached = !(typeof e.code === 'string' && NEVER_REACHED.has(e.code));
    return new ChannelError(`Twilio unreachable: ${e.message ?? String(error)}`, true, undefined, reached);
  }
  const retry =
    e.status === 429 || e.status >= 500 || (e.code !== undefined && RETRYABLE_CODES.has(Number(e.code)));
  return new ChannelError(
    `Twilio refused the message (HTTP ${e.status}, error ${e.code ?? 'unknown'}): ${e.message}`,
    retry,
    e.code === undefined ? undefined : String(e.code),
  );
}

/** `{{name}}` placeholders of an approved template's text filled in, as Twilio shows the body. */
function renderTemplate(text: string, variables: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => variables[name] ?? '');
}

/** The text with its choices as numbered lines, unless they are only labels of options it lists already. */
function withChoicesAsText(message: OutboundMessage): string {
  const choices = message.buttons ?? message.list?.rows ?? [];
  if (choices.length === 0 || onlyLabels(choices)) return message.text;
  return `${message.text}\n\n${numberedText(choices)}`;
}

/** WhatsApp through Twilio's Messages API: text, media, buttons and lists (Content API), templates. */
export class TwilioChannel implements Channel {
  readonly name = 'twilio';
  readonly window = true;
  private readonly client: twilio.Twilio;

  constructor(private readonly options: TwilioChannelOptions) {
    this.client = twilioClient(options);
  }

  async send(
    to: string,
    message: OutboundMessage,
    _idempotencyKey: string,
    options: SendOptions = {},
  ): Promise<{ providerId: string }> {
    const params: Record<string, unknown> = {
      to: `whatsapp:${to}`,
      from: this.options.from,
      statusCallback: this.options.statusCallbackUrl,
      ...(await this.content(message, options)),
    };
    await options.beforeCall?.();
    try {
      const created = await this.client.messages.create(params as never);
      return { providerId: created.sid };
    } catch (error) {
      throw channelError(error);
    }
  }

  /**
   * After a crash mid-send: the message Twilio accepted for this row, if any. Twilio has no
   * idempotency key for messages, so we list the latest messages to the learner from our sender
   * and take the newest created since the row was handed over whose body is what this row sends.
   * Decisions: no DateSent filter (a message still queued at Twilio has no date_sent yet); the
   * newest match wins, since an identical earlier message to the same learner was created before
   * this row could be claimed (rows leave one at a time per learner).
   */
  async findSent({ to, message, asTemplate, since }: SentQuery): Promise<string | null> {
    const expected = this.bodyOf(message, asTemplate).trim();
    let recent;
    try {
      recent = await this.client.messages.list({ to: `whatsapp:${to}`, from: this.options.from, limit: 20 });
    } catch (error) {
      throw channelError(error);
    }
    const match = recent
      .filter((m) => m.dateCreated.getTime() >= since.getTime() - FIND_SKEW_MS)
      .filter((m) => (m.body ?? '').trim() === expected)
      .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime())[0];
    return match?.sid ?? null;
  }

  /** The body Twilio records for a message: the text, the content's body, or the template filled in. */
  private bodyOf(message: OutboundMessage, asTemplate: boolean): string {
    if (asTemplate && message.template) {
      const found = this.options.templates.find(message.template.name, message.template.language);
      return found ? renderTemplate(found.approval.text, message.template.variables) : '';
    }
    if (message.media || this.options.interactive !== false) return message.text;
    return withChoicesAsText(message);
  }

  /** The body, media or ContentSid for one message. */
  private async content(message: OutboundMessage, options: SendOptions): Promise<Record<string, unknown>> {
    if (options.asTemplate) return this.template(message);
    if (message.media) {
      // A file WhatsApp would refuse fails here with a clear reason instead of at Twilio.
      await (this.options.checkMedia ?? ((media) => checkMedia(media, 'twilio')))(message.media);
      return { mediaUrl: [message.media.url], ...(message.text ? { body: message.text } : {}) };
    }
    const interactive = this.options.interactive !== false;
    if (message.buttons?.length || message.list?.rows.length) {
      if (interactive) return { contentSid: await this.interactiveContent(message) };
      return { body: withChoicesAsText(message) };
    }
    return { body: message.text };
  }

  private template(message: OutboundMessage): Record<string, unknown> {
    if (!message.template) {
      throw new ChannelError('Outside the 24-hour window and the message has no template', false, '63016');
    }
    const found = this.options.templates.find(message.template.name, message.template.language);
    if (!found) {
      throw new ChannelError(
        `Template "${message.template.name}" is not approved for language "${message.template.language}" in content/templates.yaml`,
        false,
      );
    }
    const variables = contentVariables(found.template, message.template.variables);
    return { contentSid: found.approval.twilio, contentVariables: JSON.stringify(variables) };
  }

  /** Quick replies (≤ 3 buttons) or a list picker, created once through the Content API and cached. */
  private async interactiveContent(message: OutboundMessage): Promise<string> {
    const types = message.buttons?.length
      ? {
          'twilio/quick-reply': {
            body: message.text,
            actions: message.buttons.map((b) => ({ id: b.id, title: b.title })),
          },
        }
      : {
          'twilio/list-picker': {
            body: message.text,
            button: message.list!.button,
            items: message.list!.rows.map((r) => ({
              id: r.id,
              item: r.title,
              ...(r.description ? { description: r.description } : {}),
            })),
          },
        };
    const hash = createHash('sha256').update(JSON.stringify(types)).digest('base64url').slice(0, 32);
    // Content SIDs belong to one Twilio account: two accounts sharing a Redis never share them.
    const key = `twilio:content:${this.options.accountSid}:${hash}`;
    const cached = await this.options.cache.get(key);
    if (cached) return cached;
    try {
      const content = await this.client.content.v1.contents.create({
        friendly_name: `learnloop_${hash.slice(0, 16)}`,
        language: 'en',
        types,
      } as never);
      await this.options.cache.set(key, content.sid, 30 * 24 * 3600);
      return content.sid;
    } catch (error) {
      throw channelError(error);
    }
  }
}
