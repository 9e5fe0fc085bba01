import {
  ChannelError,
  type Channel,
  type OutboundMessage,
  type SendOptions,
  type SentQuery,
} from '../../../engine/ports.js';
import type { MediaType } from '../../../engine/events.js';
import { numberedText, onlyLabels } from '../format/choices.js';
import { checkMedia } from '../media.js';
import type { TemplateCatalog } from '../templates.js';
import { BSUID } from '../bsuid.js';
import { productErrorCode, RETRYABLE_META_CODES, type GraphError } from './errors.js';
import { DEFAULT_META_API_VERSION } from './graph-versions.js';

export interface MetaChannelOptions {
  accessToken: string;
  phoneNumberId: string;
  /** https://graph.facebook.com, or a fake Graph API on loopback in tests. */
  apiBaseUrl: string;
  /** Graph API version, e.g. v26.0 (META_API_VERSION); default the newest known. */
  apiVersion?: string;
  templates: TemplateCatalog;
  timeoutMs?: number;
  /** Checks a media URL's type and size before sending (tests may skip it for URLs that do not resolve). */
  checkMedia?: (media: { type: MediaType; url: string }) => Promise<void>;
  /**
   * The message id Meta reported in a status webhook for this outbox row: every send carries the
   * row id as biz_opaque_callback_data, which Meta echoes in each status of that message.
   */
  findEchoed?: (outboxId: number) => Promise<string | null>;
}

type Body = Record<string, unknown>;

const LINK = /https?:\/\/\S/;

/** The file name a document shows in WhatsApp: the last part of its URL's path. */
function fileNameOf(url: string): string | undefined {
  try {
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return name.includes('.') ? name : undefined;
  } catch {
    return undefined;
  }
}

function mediaBody(message: OutboundMessage): Body {
  const media = message.media!;
  const choices = message.buttons ?? message.list?.rows ?? [];
  // The formatter never puts choices on a media part; should one come, they become numbered text.
  const caption = [message.text, choices.length > 0 && !onlyLabels(choices) ? numberedText(choices) : '']
    .filter((t) => t.trim())
    .join('\n\n');
  const filename = media.type === 'document' ? fileNameOf(media.url) : undefined;
  return {
    type: media.type,
    [media.type]: {
      link: media.url,
      // WhatsApp shows no caption under audio; the formatter sends lesson text as its own part.
      ...(caption && media.type !== 'audio' ? { caption } : {}),
      ...(filename ? { filename } : {}),
    },
  };
}

function interactiveBody(message: OutboundMessage): Body {
  if (message.buttons?.length) {
    return {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: message.text },
        action: {
          buttons: message.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })),
        },
      },
    };
  }
  const list = message.list!;
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: message.text },
      action: {
        button: list.button,
        sections: [
          {
            rows: list.rows.map((r) => ({
              id: r.id,
              title: r.title,
              ...(r.description ? { description: r.description } : {}),
            })),
          },
        ],
      },
    },
  };
}

/** WhatsApp through Meta's Cloud API (Graph API): text, media by link, reply buttons, lists, templates. */
export class MetaChannel implements Channel {
  readonly name = 'meta';
  readonly window = true;
  private readonly endpoint: string;

  constructor(private readonly options: MetaChannelOptions) {
    const version = options.apiVersion ?? DEFAULT_META_API_VERSION;
    this.endpoint = `${options.apiBaseUrl.replace(/\/$/, '')}/${version}/${options.phoneNumberId}/messages`;
  }

  async send(
    to: string,
    message: OutboundMessage,
    idempotencyKey: string,
    options: SendOptions = {},
  ): Promise<{ providerId: string }> {
    const body = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      // A learner known only by BSUID (docs/learners.md): Meta takes it as `recipient`, without `to`.
      ...(BSUID.test(to) ? { recipient: to } : { to: to.replace(/^\+/, '') }),
      ...this.content(message, options),
      biz_opaque_callback_data: idempotencyKey,
    };
    if (!options.asTemplate && message.media) {
      // A file WhatsApp would refuse fails here with a clear reason instead of at Meta.
      await (this.options.checkMedia ?? ((media) => checkMedia(media, 'meta')))(message.media);
    }
    await options.beforeCall?.();
    let response: Response;
    try {
      // Node's fetch (undici) keeps connections to the Graph API alive between sends.
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      // Refused: the request never left. A timeout or a dropped connection: Meta may have it.
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const reached = cause !== 'ECONNREFUSED' && cause !== 'ENOTFOUND' && cause !== 'EAI_AGAIN';
      throw new ChannelError(
        `Meta Graph API unreachable: ${(error as Error).message}`,
        true,
        undefined,
        reached,
      );
    }
    const answer = (await response.json().catch(() => null)) as {
      messages?: { id?: string }[];
      error?: GraphError;
    } | null;
    const providerId = answer?.messages?.[0]?.id;
    if (response.ok && providerId) return { providerId };
    throw this.refused(response.status, answer?.error);
  }

  /**
   * After a crash mid-send: the message Meta accepted for this row, known from a status webhook
   * that echoed the row id. Decisions: Meta has no way to look a message up, and reports `sent`
   * within seconds, while a row is looked at again only after its 20 s attempt lease; no echo by
   * then is taken as never accepted, and the row is sent.
   */
  async findSent({ key }: SentQuery): Promise<string | null> {
    return (await this.options.findEchoed?.(Number(key))) ?? null;
  }

  private refused(status: number, error: GraphError | undefined): ChannelError {
    const code = error?.code;
    const retry = status === 429 || status >= 500 || (code !== undefined && RETRYABLE_META_CODES.has(code));
    const details = error?.error_data?.details ? ` (${error.error_data.details})` : '';
    return new ChannelError(
      `Meta refused the message (HTTP ${status}, error ${code ?? 'unknown'}): ${error?.message ?? 'no error object'}${details}`,
      retry,
      code === undefined ? undefined : productErrorCode(code),
    );
  }

  /** The type-specific part of a Cloud API message. */
  private content(message: OutboundMessage, options: SendOptions): Body {
    if (options.asTemplate) return this.template(message);
    if (message.media) return mediaBody(message);
    if (message.buttons?.length || message.list?.rows.length) return interactiveBody(message);
    return { type: 'text', text: { body: message.text, preview_url: LINK.test(message.text) } };
  }

  private template(message: OutboundMessage): Body {
    if (!message.template) {
      throw new ChannelError('Outside the 24-hour window and the message has no template', false, '63016');
    }
    const { name, language, variables } = message.template;
    const found = this.options.templates.find(name, language);
    if (!found) {
      throw new ChannelError(
        `Template "${name}" is not approved for language "${language}" in content/templates.yaml`,
        false,
      );
    }
    const missing = found.template.variables.filter((v) => !variables[v]?.trim());
    if (missing.length > 0) {
      // Meta refuses an empty parameter (131008); say which one instead.
      throw new ChannelError(`Template "${name}" needs a value for ${missing.join(', ')}`, false);
    }
    const parameters = found.template.variables.map((v) => ({ type: 'text', text: variables[v]! }));
    return {
      type: 'template',
      template: {
        name: found.approval.meta,
        language: { code: found.approval.metaLanguage },
        ...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}),
      },
    };
  }
}
