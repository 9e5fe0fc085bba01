import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphFailure, MetaSendRules, param, type FakeMetaTemplate, type Json } from './fake-meta-rules.js';
import {
  fetchMedia,
  META_MEDIA,
  type FetchedMedia,
  type ProviderMediaType,
} from '../../scripts/bench/fake-media.js';
import { LoopbackServer, readBody } from '../../scripts/bench/loopback.js';
import {
  DEFAULT_META_API_VERSION,
  GRAPH_API_VERSIONS,
  isServedGraphVersion,
} from '../../adapters/channels/meta/graph-versions.js';

export type { FakeMetaTemplate };

/** A message the fake Graph API accepted, with the request body as sent. */
export interface FakeMetaMessage {
  id: string;
  /** The recipient's WhatsApp id (digits, no +), or their BSUID when the send named only `recipient`. */
  to: string;
  type: string;
  request: Json;
  at: Date;
  /** The Graph API version in the request path, e.g. v26.0. */
  version: string;
  /** The media as Meta downloaded it after accepting the send (`downloadMedia`). */
  downloaded?: FetchedMedia;
}

export interface FakeMetaOptions {
  accessToken?: string;
  phoneNumberId?: string;
  appSecret?: string;
  /** Requests per second accepted before answering 429 with error 130429. */
  maxPerSecond?: number;
  templates?: FakeMetaTemplate[];
  /** Enforce the 24-hour window: free-form sends outside it fail with a 131047 status webhook. */
  enforceWindow?: boolean;
  /**
   * false: failure webhooks the fake would post on its own wait in `pendingFailures` until `flushStatuses()`,
   * so a test can let the app record its send first (Meta usually posts them seconds later).
   */
  autoStatuses?: boolean;
  /**
   * Download a media `link` after accepting the send, as Meta does, and fail the message with a
   * status webhook when WhatsApp would not take it: 131053 wrong type or size, 131052 unreachable.
   * Off by default: unit tests link to URLs that do not resolve.
   */
  downloadMedia?: boolean;
  /** Where Meta posts webhooks for this app (statuses go here). */
  webhookUrl?: string;
  now?: () => Date;
}

/** What a learner sends, as the fake builds the inbound webhook for it. */
export type FakeMetaInbound =
  | { text: string }
  | { button: string; title?: string }
  | { list: string; title?: string; description?: string }
  | { templateButton: string; title?: string }
  | {
      media: { type: 'image' | 'audio' | 'video' | 'document' | 'sticker'; id: string; mimeType: string };
      caption?: string;
    }
  | { latitude: number; longitude: number; name?: string; address?: string }
  | { reaction: string; to: string };

export interface InboundOptions {
  /** The message id (wamid.…); a new one by default. */
  id?: string;
  /** The learner's WhatsApp profile name (default Amina). */
  name?: string;
  at?: Date;
  /** false: the fake still sees the learner's window as closed (WhatsApp and the app disagree). */
  opensWindow?: boolean;
  /** The learner's BSUID, sent along with their phone (`from` a phone) as Meta does since April 2026. */
  bsuid?: string;
  /** The learner's WhatsApp username (`contacts[].profile.username`). */
  username?: string;
}

const WINDOW_MS = 24 * 60 * 60 * 1000;
/** `/v26.0/<phone number id>/messages`: the version is checked on its own, like Meta does. */
const MESSAGES_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/;
export const wamid = () => `wamid.${randomBytes(24).toString('base64url')}`;
const digits = (phone: string) => phone.replace(/\D/g, '');
/** A business-scoped user id, as Meta validates `recipient` (docs/whatsapp-identity.md). */
const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;
/** How the fake keys a learner: their phone's digits, or their BSUID as it is. */
const keyOf = (address: string) => (BSUID.test(address) ? address : digits(address));

/**
 * A fake WhatsApp Cloud API on loopback speaking the real wire format: the Graph API messages
 * endpoint (Bearer token, JSON, Graph error objects), validated like Meta validates, and signed
 * webhooks (X-Hub-Signature-256) for learner messages and delivery statuses.
 */
export class FakeMeta {
  readonly accessToken: string;
  readonly phoneNumberId: string;
  readonly appSecret: string;
  readonly messages: FakeMetaMessage[] = [];
  /** Every refused request's error code and reason, and every 131047 failure. */
  readonly rejected: { code: number; reason: string }[] = [];
  webhookUrl: string | undefined;
  /** Failure webhooks not posted yet (`autoStatuses: false`). */
  readonly pendingFailures: { message: FakeMetaMessage; errorCode: number }[] = [];
  url = '';
  private readonly lastInbound = new Map<string, Date>();
  private readonly templates: FakeMetaTemplate[];
  private readonly rules: MetaSendRules;
  private readonly server = new LoopbackServer();
  private window = { second: 0, count: 0 };

  constructor(private readonly options: FakeMetaOptions = {}) {
    this.accessToken = options.accessToken ?? 'fake-meta-access-token';
    this.phoneNumberId = options.phoneNumberId ?? '106540352242922';
    this.appSecret = options.appSecret ?? 'fake-meta-app-secret';
    this.templates = [...(options.templates ?? [])];
    this.rules = new MetaSendRules(this.templates);
    this.webhookUrl = options.webhookUrl;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async start(): Promise<this> {
    this.url = await this.server.start(
      (req, res) => this.handle(req, res),
      (res, error) => this.fail(res, new GraphFailure(500, 1, String(error))),
    );
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  approve(template: FakeMetaTemplate): void {
    this.templates.push(template);
  }

  /** The learner's 24-hour window opens now (they wrote to the business). */
  opened(phone: string, at = this.now()): void {
    this.lastInbound.set(keyOf(phone), at);
  }

  sentTo(phone: string): FakeMetaMessage[] {
    return this.messages.filter((m) => m.to === keyOf(phone));
  }

  private fail(res: ServerResponse, failure: GraphFailure): void {
    if (res.headersSent) return;
    res.writeHead(failure.status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: {
          message: failure.message,
          type: 'OAuthException',
          code: failure.code,
          ...(failure.details
            ? { error_data: { messaging_product: 'whatsapp', details: failure.details } }
            : {}),
          fbtrace_id: `A${randomBytes(10).toString('base64url')}`,
        },
      }),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    try {
      if (req.headers.authorization !== `Bearer ${this.accessToken}`) {
        throw new GraphFailure(401, 190, 'Invalid OAuth access token - Cannot parse access token');
      }
      const path = new URL(req.url ?? '/', this.url).pathname;
      const match = MESSAGES_PATH.exec(path);
      if (req.method !== 'POST' || !match || !GRAPH_API_VERSIONS[match[1]!]) {
        throw new GraphFailure(
          400,
          100,
          `Unsupported ${req.method} request. Object with path '${path}' does not exist`,
        );
      }
      const [, version, phoneNumberId] = match;
      if (!isServedGraphVersion(version!, this.now())) {
        // What Meta answers a retired version (reported in mobolic/facebook-sdk#527).
        throw new GraphFailure(
          400,
          2635,
          `(#2635) You are calling a deprecated version of the Graph API. Please update to the latest version: ${DEFAULT_META_API_VERSION}.`,
        );
      }
      if (phoneNumberId !== this.phoneNumberId) {
        throw new GraphFailure(
          400,
          100,
          `Unsupported post request. Object with ID '${phoneNumberId}' does not exist`,
        );
      }
      if (this.overLimit()) throw new GraphFailure(429, 130429, '(#130429) Rate limit hit');
      let request: Json;
      try {
        request = JSON.parse(raw) as Json;
      } catch {
        throw param('The request body must be JSON');
      }
      this.accept(request, version!, res);
    } catch (error) {
      if (!(error instanceof GraphFailure)) throw error;
      this.rejected.push({ code: error.code, reason: error.details ?? error.message });
      this.fail(res, error);
    }
  }

  private overLimit(): boolean {
    const limit = this.options.maxPerSecond;
    if (!limit) return false;
    const second = Math.floor(Date.now() / 1000);
    if (this.window.second !== second) this.window = { second, count: 0 };
    this.window.count += 1;
    return this.window.count > limit;
  }

  private accept(request: Json, version: string, res: ServerResponse): void {
    if (request.messaging_product !== 'whatsapp') throw param('The parameter messaging_product is required.');
    // `to` (a phone) wins over `recipient` (a BSUID) when both are sent, as at Meta.
    const toPhone = typeof request.to === 'string' && /^\+?\d{6,15}$/.test(request.to);
    const toBsuid = typeof request.recipient === 'string' && BSUID.test(request.recipient);
    if (!toPhone && !toBsuid) throw param('The parameter to is required.');
    const address = toPhone ? digits(request.to) : (request.recipient as string);
    const type = request.type ?? 'text';
    this.rules.validate(type, request);
    const message: FakeMetaMessage = {
      id: wamid(),
      to: address,
      type,
      request,
      at: this.now(),
      version,
    };
    this.messages.push(message);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        messaging_product: 'whatsapp',
        contacts: [
          toPhone
            ? { input: request.to, wa_id: message.to }
            : { input: request.recipient, user_id: message.to },
        ],
        messages: [{ id: message.id, ...(type === 'template' ? { message_status: 'accepted' } : {}) }],
      }),
    );
    if (this.options.downloadMedia && typeof request[type]?.link === 'string') void this.download(message);
    const opened = this.lastInbound.get(message.to);
    const outside = !opened || this.now().getTime() - opened.getTime() > WINDOW_MS;
    if (this.options.enforceWindow && type !== 'template' && outside) {
      this.rejected.push({
        code: 131047,
        reason: `free-form message to ${message.to} outside the 24-hour window`,
      });
      if (this.options.autoStatuses === false) this.pendingFailures.push({ message, errorCode: 131047 });
      else void this.status(message, 'failed', 131047);
    }
  }

  private async download(message: FakeMetaMessage): Promise<void> {
    const type = message.type as ProviderMediaType;
    const rule = META_MEDIA[type];
    const downloaded = await fetchMedia(message.request[type].link as string, () => rule);
    message.downloaded = downloaded;
    if (!downloaded.refused) return;
    const code = downloaded.refused === 'download' ? 131052 : 131053;
    this.rejected.push({ code, reason: `media: ${downloaded.refused} (${downloaded.contentType})` });
    if (this.options.autoStatuses === false) this.pendingFailures.push({ message, errorCode: code });
    else await this.status(message, 'failed', code).catch(() => 0);
  }

  /** X-Hub-Signature-256 for a raw webhook body, as Meta computes it with the app secret. */
  signature(raw: string, secret = this.appSecret): string {
    return `sha256=${createHmac('sha256', secret).update(raw, 'utf8').digest('hex')}`;
  }

  /** A signed webhook POST, exactly as Meta delivers it; `signature` overrides the real one. */
  async post(url: string, body: unknown, options: { signature?: string } = {}): Promise<Response> {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': options.signature ?? this.signature(raw),
      },
      body: raw,
    });
  }

  /** A webhook body holding these change values (one entry, one change each). */
  envelope(...values: Json[]): Json {
    return {
      object: 'whatsapp_business_account',
      entry: [{ id: '102290129340398', changes: values.map((value) => ({ field: 'messages', value })) }],
    };
  }

  private metadata(): Json {
    return { display_phone_number: '15550783881', phone_number_id: this.phoneNumberId };
  }

  /** The change value for a learner's message; the learner's 24-hour window opens (unless `opensWindow: false`). */
  messageValue(
    from: string,
    content: FakeMetaInbound,
    options: InboundOptions = {},
  ): { id: string; value: Json } {
    const at = options.at ?? this.now();
    if (options.opensWindow !== false) this.opened(from, at);
    const id = options.id ?? wamid();
    // A learner with a username and no phone shown: only their BSUID (docs/whatsapp-identity.md).
    const bsuid = BSUID.test(from) ? from : options.bsuid;
    const phone = BSUID.test(from) ? undefined : digits(from);
    const message: Json = {
      ...(phone ? { from: phone } : {}),
      ...(bsuid ? { from_user_id: bsuid } : {}),
      id,
      timestamp: String(Math.floor(at.getTime() / 1000)),
    };
    if ('text' in content) Object.assign(message, { type: 'text', text: { body: content.text } });
    if ('button' in content) {
      const reply = { id: content.button, title: content.title ?? content.button };
      Object.assign(message, {
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: reply },
      });
    }
    if ('list' in content) {
      const reply = {
        id: content.list,
        title: content.title ?? content.list,
        ...(content.description ? { description: content.description } : {}),
      };
      Object.assign(message, { type: 'interactive', interactive: { type: 'list_reply', list_reply: reply } });
    }
    if ('templateButton' in content) {
      const button = { payload: content.templateButton, text: content.title ?? content.templateButton };
      Object.assign(message, { type: 'button', button });
    }
    if ('media' in content) {
      const { type, id: mediaId, mimeType } = content.media;
      const file = {
        id: mediaId,
        mime_type: mimeType,
        sha256: randomBytes(32).toString('base64'),
        ...(content.caption ? { caption: content.caption } : {}),
        ...(type === 'document' ? { filename: 'file.pdf' } : {}),
      };
      Object.assign(message, { type, [type]: file });
    }
    if ('latitude' in content) {
      const { latitude, longitude, name, address } = content;
      Object.assign(message, { type: 'location', location: { latitude, longitude, name, address } });
    }
    if ('reaction' in content) {
      Object.assign(message, {
        type: 'reaction',
        reaction: { message_id: content.to, emoji: content.reaction },
      });
    }
    const value = {
      messaging_product: 'whatsapp',
      metadata: this.metadata(),
      contacts: [
        {
          profile: {
            name: options.name ?? 'Amina',
            ...(options.username ? { username: options.username } : {}),
          },
          ...(phone ? { wa_id: phone } : {}),
          ...(bsuid ? { user_id: bsuid } : {}),
        },
      ],
      messages: [message],
    };
    return { id, value };
  }

  /** The change value for a delivery status of a message the fake accepted. */
  statusValue(
    message: Pick<FakeMetaMessage, 'id' | 'to'>,
    status: string,
    errorCode?: number,
    at = this.now(),
  ): Json {
    const errors: Record<number, [string, string]> = {
      131053: ['Media upload error', 'Unsupported file type or size for this media type.'],
      131052: ['Media download error', 'Unable to download the media sent by the business.'],
      131047: [
        'Re-engagement message',
        'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      ],
      131050: [
        'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
        '',
      ],
      131026: [
        'Message undeliverable',
        'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number.',
      ],
      130429: ['Rate limit hit', 'Cloud API message throughput has been reached.'],
    };
    const [title, details] = errors[errorCode ?? 0] ?? ['Something went wrong', ''];
    // Meta echoes the send's biz_opaque_callback_data in every status of that message.
    const opaque = this.messages.find((m) => m.id === message.id)?.request.biz_opaque_callback_data;
    return {
      messaging_product: 'whatsapp',
      metadata: this.metadata(),
      statuses: [
        {
          id: message.id,
          status,
          timestamp: String(Math.floor(at.getTime() / 1000)),
          ...(BSUID.test(message.to) ? { recipient_user_id: message.to } : { recipient_id: message.to }),
          ...(typeof opaque === 'string' ? { biz_opaque_callback_data: opaque } : {}),
          ...(status === 'sent' || status === 'delivered'
            ? {
                conversation: { id: randomBytes(16).toString('hex'), origin: { type: 'service' } },
                pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
              }
            : {}),
          ...(errorCode
            ? {
                errors: [
                  { code: errorCode, title, message: title, error_data: { details: details || title } },
                ],
              }
            : {}),
        },
      ],
    };
  }

  /** Posts a signed status webhook for a message to `webhookUrl`; returns the HTTP status (0 without a URL). */
  async status(
    message: Pick<FakeMetaMessage, 'id' | 'to'>,
    status: string,
    errorCode?: number,
  ): Promise<number> {
    if (!this.webhookUrl) return 0;
    return (await this.post(this.webhookUrl, this.envelope(this.statusValue(message, status, errorCode))))
      .status;
  }

  /** Posts the failure webhooks held back (`autoStatuses: false`), in order; returns their HTTP statuses. */
  async flushStatuses(): Promise<number[]> {
    const answers: number[] = [];
    for (const { message, errorCode } of this.pendingFailures.splice(0)) {
      answers.push(await this.status(message, 'failed', errorCode));
    }
    return answers;
  }

  /** A learner's message posted to `webhookUrl` as a signed webhook; returns the response and the message id. */
  async send(
    from: string,
    content: FakeMetaInbound,
    options: InboundOptions = {},
  ): Promise<{ response: Response; id: string }> {
    if (!this.webhookUrl) throw new Error('FakeMeta: set webhookUrl to post webhooks');
    const { id, value } = this.messageValue(from, content, options);
    return { response: await this.post(this.webhookUrl, this.envelope(value)), id };
  }
}
