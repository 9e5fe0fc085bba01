import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import twilio from 'twilio';
import { WHATSAPP_LIMITS } from '../../shared/whatsapp-limits.js';
import { fetchMedia, twilioRule, type FetchedMedia } from './fake-media.js';
import { LoopbackServer, readBody } from './loopback.js';

/** A message the fake accepted, as Twilio would have queued it. */
export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from: string;
  body?: string;
  contentSid?: string;
  contentVariables?: Record<string, string>;
  mediaUrls: string[];
  statusCallback?: string;
  at: Date;
  /** The media as Twilio downloaded it after accepting the send (`downloadMedia`). */
  downloaded?: FetchedMedia[];
}

export interface FakeTwilioContent {
  sid: string;
  language: string;
  types: Record<string, { body?: string; actions?: { id?: string; title: string }[]; items?: unknown[] }>;
}

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  /** Requests per second the fake accepts before answering 429 (like Twilio under load). */
  maxPerSecond?: number;
  /** Content SIDs of approved WhatsApp templates: the only thing allowed outside the 24-hour window. */
  approvedTemplates?: string[];
  /** Enforce the 24-hour window (learners' last inbound time comes from `inbound()`). */
  enforceWindow?: boolean;
  now?: () => Date;
  /** Called for each accepted send (the benchmark measures latency here instead of scanning `messages`). */
  onMessage?: (message: FakeTwilioMessage) => void;
  /** Approved templates' bodies by ContentSid, with Twilio's {{1}} placeholders (the message list shows them filled in). */
  templateBodies?: Record<string, string>;
  /** False: keep only the per-second counts, not every message (long benchmark runs). Default true. */
  keepMessages?: boolean;
  /**
   * Download each MediaUrl after accepting the send, as Twilio does, and fail the message (status
   * callback) when WhatsApp would not take it: 12300 wrong type, 11751 too large, 63019 unreachable.
   * Off by default: unit tests link to URLs that do not resolve.
   */
  downloadMedia?: boolean;
}

/** What a learner's WhatsApp shows of one message: its text, and the buttons or list rows it offers. */
export interface ShownMessage {
  text: string;
  kind: 'text' | 'buttons' | 'list';
  choices: { id: string; title: string; description?: string }[];
}

/** A title as WhatsApp shows it in a slot of `max` characters: whole, or cut with "…". */
export function cutAsWhatsApp(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');
/**
 * A WhatsApp recipient: a phone in E.164, or a BSUID (`whatsapp:KE.1502…`), the address Twilio
 * gives in `From` for a learner without a phone (docs/whatsapp-identity.md#twilio).
 */
const WHATSAPP_RECIPIENT = /^whatsapp:(\+[1-9]\d{6,14}|[A-Z]{2}\.[A-Za-z0-9]{1,128})$/;
const WINDOW_MS = 24 * 60 * 60 * 1000;

function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}

/**
 * A fake Twilio on loopback that speaks the real wire format: the Messages API (Basic auth,
 * form-encoded, JSON answers and Twilio error codes), the Content API for buttons and lists,
 * signed status callbacks, and signed inbound webhooks built with the twilio package.
 */
export class FakeTwilio {
  readonly accountSid: string;
  readonly authToken: string;
  readonly messages: FakeTwilioMessage[] = [];
  readonly contents = new Map<string, FakeTwilioContent>();
  /** Requests answered 429, and every rejected request's error code. */
  readonly rejected: { code: number; reason: string }[] = [];
  /** Accepted sends per wall-clock second (epoch second → count). */
  readonly perSecond = new Map<number, number>();
  private readonly lastInbound = new Map<string, Date>();
  private readonly approved: Set<string>;
  private readonly server = new LoopbackServer();
  private window: { second: number; count: number } = { second: 0, count: 0 };
  url = '';

  constructor(private readonly options: FakeTwilioOptions = {}) {
    this.accountSid = options.accountSid ?? 'AC' + 'a'.repeat(32);
    this.authToken = options.authToken ?? 'fake-auth-token';
    this.approved = new Set(options.approvedTemplates ?? []);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async start(): Promise<this> {
    this.url = await this.server.start(
      (req, res) => this.handle(req, res),
      (res, error) => twilioError(res, 500, 20500, String(error)),
    );
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  approve(contentSid: string): void {
    this.approved.add(contentSid);
  }

  /** The learner's 24-hour window opens now (they wrote to the business). */
  opened(phone: string, at = this.now()): void {
    this.lastInbound.set(phone.replace(/^whatsapp:/, ''), at);
  }

  sentTo(phone: string): FakeTwilioMessage[] {
    return this.messages.filter((m) => m.to === `whatsapp:${phone}`);
  }

  /**
   * The message as the learner's phone shows it: the body (or the content's body), and its quick
   * replies or list items with titles cut as WhatsApp cuts them (buttons 20, rows 24, descriptions 72).
   */
  shown(message: FakeTwilioMessage): ShownMessage {
    const text = message.body ?? this.contentBody(message);
    const types = message.contentSid ? this.contents.get(message.contentSid)?.types : undefined;
    const limits = WHATSAPP_LIMITS;
    const quick = types?.['twilio/quick-reply'];
    if (quick?.actions) {
      const choices = quick.actions.map((a) => ({
        id: a.id ?? a.title,
        title: cutAsWhatsApp(a.title, limits.buttonTitle),
      }));
      return { text, kind: 'buttons', choices };
    }
    const list = types?.['twilio/list-picker'] as
      { items?: { id: string; item: string; description?: string }[] } | undefined;
    if (list?.items) {
      const choices = list.items.map((i) => ({
        id: i.id,
        title: cutAsWhatsApp(i.item, limits.rowTitle),
        ...(i.description ? { description: cutAsWhatsApp(i.description, limits.rowDescription) } : {}),
      }));
      return { text, kind: 'list', choices };
    }
    return { text, kind: 'text', choices: [] };
  }

  /** Highest number of sends accepted within any one second. */
  peakPerSecond(): number {
    return Math.max(0, ...this.perSecond.values());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization ?? '';
    const expected = 'Basic ' + Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64');
    if (auth !== expected) return twilioError(res, 401, 20003, 'Authenticate');
    const url = new URL(req.url ?? '/', this.url);
    const body = await readBody(req);
    if (req.method === 'POST' && url.pathname === `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      return this.createMessage(new URLSearchParams(body), res);
    }
    if (req.method === 'GET' && url.pathname === `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      return this.listMessages(url.searchParams, res);
    }
    if (req.method === 'POST' && url.pathname === '/v1/Content') return this.createContent(body, res);
    return twilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
  }

  private overLimit(): boolean {
    const limit = this.options.maxPerSecond;
    if (!limit) return false;
    const second = Math.floor(Date.now() / 1000);
    if (this.window.second !== second) this.window = { second, count: 0 };
    this.window.count += 1;
    return this.window.count > limit;
  }

  private reject(res: ServerResponse, status: number, code: number, reason: string): void {
    this.rejected.push({ code, reason });
    twilioError(res, status, code, reason);
  }

  private createMessage(form: URLSearchParams, res: ServerResponse): void {
    if (this.overLimit()) return this.reject(res, 429, 20429, 'Too Many Requests');
    const to = form.get('To');
    const from = form.get('From');
    if (!to) return this.reject(res, 400, 21604, "A 'To' phone number is required.");
    if (!from) return this.reject(res, 400, 21603, "A 'From' phone number is required.");
    if (!WHATSAPP_RECIPIENT.test(to) || !from.startsWith('whatsapp:')) {
      return this.reject(res, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
    }
    const body = form.get('Body') ?? undefined;
    const contentSid = form.get('ContentSid') ?? undefined;
    const mediaUrls = form.getAll('MediaUrl');
    if (!body && !contentSid && mediaUrls.length === 0) {
      return this.reject(res, 400, 21602, 'Message body is required.');
    }
    if (body && body.length > 1600) {
      return this.reject(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    }
    if (contentSid && !this.contents.has(contentSid) && !this.approved.has(contentSid)) {
      return this.reject(res, 400, 21656, `The ContentSid ${contentSid} is invalid.`);
    }
    let contentVariables: Record<string, string> | undefined;
    const rawVariables = form.get('ContentVariables');
    if (rawVariables) {
      try {
        contentVariables = JSON.parse(rawVariables) as Record<string, string>;
      } catch {
        return this.reject(res, 400, 21656, 'ContentVariables must be valid JSON.');
      }
    }
    const message: FakeTwilioMessage = {
      sid: sid('SM'),
      to,
      from,
      body,
      contentSid,
      contentVariables,
      mediaUrls,
      statusCallback: form.get('StatusCallback') ?? undefined,
      at: this.now(),
    };
    if (this.options.keepMessages !== false) this.messages.push(message);
    const second = Math.floor(Date.now() / 1000);
    this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + 1);
    this.options.onMessage?.(message);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify(this.resource(message)));
    if (this.options.downloadMedia && mediaUrls.length > 0) void this.download(message);
    if (this.options.enforceWindow && !(contentSid && this.approved.has(contentSid))) {
      const opened = this.lastInbound.get(to.replace(/^whatsapp:/, ''));
      if (!opened || this.now().getTime() - opened.getTime() > WINDOW_MS) {
        this.rejected.push({ code: 63016, reason: `free-form message to ${to} outside the 24-hour window` });
        this.statusCallback(message, 'failed', '63016').catch(() => {});
      }
    }
  }

  /** The Message resource as Twilio answers it; the body of a Content API message is its rendered text. */
  private resource(message: FakeTwilioMessage): Record<string, unknown> {
    return {
      sid: message.sid,
      account_sid: this.accountSid,
      to: message.to,
      from: message.from,
      body: message.body ?? this.contentBody(message),
      status: 'queued',
      direction: 'outbound-api',
      num_media: String(message.mediaUrls.length),
      num_segments: '1',
      date_created: message.at.toUTCString(),
      date_updated: message.at.toUTCString(),
      date_sent: null,
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${message.sid}.json`,
    };
  }

  private contentBody(message: FakeTwilioMessage): string {
    if (!message.contentSid) return '';
    const content = this.contents.get(message.contentSid);
    const body = content
      ? Object.values(content.types).find((t) => t.body !== undefined)?.body
      : this.options.templateBodies?.[message.contentSid];
    return (body ?? '').replace(/\{\{(\d+)\}\}/g, (_, n: string) => message.contentVariables?.[n] ?? '');
  }

  /**
   * GET Messages.json: the account's messages, newest first, filtered by To and From (exact) and
   * DateSent (which a queued message does not have yet), one page of PageSize (default 50).
   */
  private listMessages(query: URLSearchParams, res: ServerResponse): void {
    const to = query.get('To');
    const from = query.get('From');
    const pageSize = Math.min(1000, Number(query.get('PageSize') ?? 50));
    const sentAfter = query.get('DateSent>');
    const found = this.messages
      .filter((m) => (!to || m.to === to) && (!from || m.from === from) && !sentAfter)
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, pageSize);
    const uri = `/2010-04-01/Accounts/${this.accountSid}/Messages.json?PageSize=${pageSize}&Page=0`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        messages: found.map((m) => this.resource(m)),
        end: Math.max(0, found.length - 1),
        first_page_uri: uri,
        next_page_uri: null,
        page: 0,
        page_size: pageSize,
        previous_page_uri: null,
        start: 0,
        uri,
      }),
    );
  }

  private async download(message: FakeTwilioMessage): Promise<void> {
    const downloaded = await Promise.all(message.mediaUrls.map((url) => fetchMedia(url, twilioRule)));
    message.downloaded = downloaded;
    const refused = downloaded.find((m) => m.refused);
    if (!refused) return;
    const code = { download: 63019, type: 12300, size: 11751 }[refused.refused!];
    this.rejected.push({ code, reason: `media ${refused.url}: ${refused.refused} (${refused.contentType})` });
    await this.statusCallback(message, 'failed', String(code)).catch(() => {});
  }

  private createContent(raw: string, res: ServerResponse): void {
    let request: { friendly_name?: string; language?: string; types?: FakeTwilioContent['types'] };
    try {
      request = JSON.parse(raw) as typeof request;
    } catch {
      return this.reject(res, 400, 20001, 'Invalid JSON');
    }
    if (!request.language) return this.reject(res, 400, 20001, 'Missing required parameter language');
    const types = request.types ?? {};
    const quick = types['twilio/quick-reply'];
    if (quick) {
      const actions = quick.actions ?? [];
      if (actions.length === 0 || actions.length > 3)
        return this.reject(res, 400, 20001, 'twilio/quick-reply allows 1 to 3 actions');
      if (actions.some((a) => a.title.length > 20))
        return this.reject(res, 400, 20001, 'twilio/quick-reply action titles are at most 20 characters');
    }
    const list = types['twilio/list-picker'] as
      | { body?: string; button?: string; items?: { id: string; item: string; description?: string }[] }
      | undefined;
    if (list) {
      const items = list.items ?? [];
      if (items.length === 0 || items.length > 10)
        return this.reject(res, 400, 20001, 'twilio/list-picker allows 1 to 10 items');
      if (items.some((i) => i.item.length > 24 || (i.description ?? '').length > 72))
        return this.reject(res, 400, 20001, 'list-picker items are at most 24 characters, descriptions 72');
    }
    if (!quick && !list && !types['twilio/text'])
      return this.reject(res, 400, 20001, 'Unsupported content type');
    const content: FakeTwilioContent = { sid: sid('HX'), language: request.language, types };
    this.contents.set(content.sid, content);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        sid: content.sid,
        account_sid: this.accountSid,
        friendly_name: request.friendly_name ?? null,
        language: content.language,
        types,
        variables: {},
        date_created: this.now().toISOString(),
        date_updated: this.now().toISOString(),
        url: `https://content.twilio.com/v1/Content/${content.sid}`,
        links: {},
      }),
    );
  }

  /** Posts a status callback for a message, signed the way Twilio signs it. */
  async statusCallback(message: FakeTwilioMessage, status: string, errorCode?: string): Promise<number> {
    if (!message.statusCallback) return 0;
    const params: Record<string, string> = {
      MessageSid: message.sid,
      SmsSid: message.sid,
      MessageStatus: status,
      SmsStatus: status,
      AccountSid: this.accountSid,
      To: message.to,
      From: message.from,
      ApiVersion: '2010-04-01',
      ChannelPrefix: 'whatsapp',
      ...(errorCode ? { ErrorCode: errorCode } : {}),
    };
    return (await this.post(message.statusCallback, params)).status;
  }

  /** A signed webhook POST, exactly as Twilio would deliver it. `signedUrl` is the public URL Twilio knows. */
  async post(url: string, params: Record<string, string>, signedUrl = url): Promise<Response> {
    const signature = twilio.getExpectedTwilioSignature(this.authToken, signedUrl, params);
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
        'i-twilio-idempotency-token': randomBytes(8).toString('hex'),
      },
      body: new URLSearchParams(params).toString(),
    });
  }

  /**
   * The form a learner's WhatsApp message arrives as (text, button, list, media or location).
   * `from` is a phone, or a BSUID for a learner WhatsApp gives no phone of: then `From` carries the
   * BSUID and there is no `WaId`. `extra` adds fields, like `ExternalUserIdentifier` beside a phone.
   */
  inboundParams(
    from: string,
    message:
      | { text: string }
      | { button: string; title?: string }
      | { list: string; title?: string }
      | { media: { url: string; contentType: string }[]; caption?: string }
      | { latitude: number; longitude: number; label?: string },
    extra: Record<string, string> = {},
  ): Record<string, string> {
    const messageSid = sid('SM');
    const params: Record<string, string> = {
      MessageSid: messageSid,
      SmsMessageSid: messageSid,
      AccountSid: this.accountSid,
      From: `whatsapp:${from}`,
      To: 'whatsapp:+14155238886',
      ...(from.startsWith('+') ? { WaId: from.slice(1) } : { ExternalUserIdentifier: `whatsapp:${from}` }),
      ProfileName: 'Amina',
      NumMedia: '0',
      NumSegments: '1',
      MessageType: 'text',
      ApiVersion: '2010-04-01',
      Body: '',
      ...extra,
    };
    if ('text' in message) params.Body = message.text;
    if ('button' in message) {
      Object.assign(params, {
        MessageType: 'button',
        ButtonPayload: message.button,
        ButtonText: message.title ?? message.button,
        Body: message.title ?? message.button,
      });
    }
    if ('list' in message) {
      Object.assign(params, {
        MessageType: 'interactive',
        ListId: message.list,
        ListTitle: message.title ?? message.list,
        Body: message.title ?? message.list,
      });
    }
    if ('media' in message) {
      params.MessageType = message.media[0]?.contentType.split('/')[0] ?? 'image';
      params.NumMedia = String(message.media.length);
      params.Body = message.caption ?? '';
      message.media.forEach((m, i) => {
        params[`MediaUrl${i}`] = m.url;
        params[`MediaContentType${i}`] = m.contentType;
      });
    }
    if ('latitude' in message) {
      Object.assign(params, {
        MessageType: 'location',
        Latitude: String(message.latitude),
        Longitude: String(message.longitude),
        ...(message.label ? { Label: message.label, Address: message.label } : {}),
      });
    }
    return params;
  }
}
