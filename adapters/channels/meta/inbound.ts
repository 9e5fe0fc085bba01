import type { Inbound, InboundMessage, MediaType } from '../../../engine/events.js';
import type { DeliveryState, StatusReport } from '../../../db/repositories/delivery.js';
import type { IdentityChange, WhatsAppIdentity } from '../../../db/repositories/learner-identities.js';
import { MAX_INBOUND_ID, MAX_INBOUND_TEXT, storableText } from '../inbound-text.js';
import { MalformedWebhook } from '../twilio/inbound.js';
import { changeOf, isObject, recipientOf, senderOf, type Json, type Problem } from './inbound-identity.js';
import { productErrorCode } from './errors.js';

export { MalformedWebhook };

export type LearnerMessage = Extract<Inbound, { type: 'message' }>;

/** A delivery status, with the error Meta reported kept as it was (for the log). */
export interface MetaStatus {
  report: StatusReport;
  metaError?: { code: number; title?: string; details?: string };
}

/** Everything one Cloud API webhook POST carries, in the order Meta listed it. */
export interface MetaWebhook {
  /** Each message's `from` is the sender's phone (E.164) or, without one, their BSUID. */
  messages: LearnerMessage[];
  /** Who sent `messages[i]`, as the webhook names them: to find their address before the engine. */
  senders: WhatsAppIdentity[];
  /** BSUID changes (`system` messages): not the learner writing, no turn. */
  changes: IdentityChange[];
  statuses: MetaStatus[];
  /** Messages and statuses left out because they are malformed, each bad field named. */
  skipped: Problem[];
}

/**
 * Where Meta keeps a media file. Fetching it takes two Graph API calls with the access token
 * (GET /<id> for a short-lived URL, then GET that URL), so the engine gets this reference instead.
 */
export const META_MEDIA_PREFIX = 'meta-media:';

const MEDIA: Record<string, MediaType> = {
  image: 'image',
  sticker: 'image',
  audio: 'audio',
  video: 'video',
  document: 'document',
};
/** Messages that are not the learner writing to us: acknowledged, not given to the engine. */
const IGNORED_TYPES = new Set(['reaction', 'system', 'request_welcome']);
const STATUSES: Record<string, DeliveryState> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
};

/** A string field made storable (see inbound-text.ts); undefined when absent or empty. */
function text(value: unknown, max = MAX_INBOUND_TEXT): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = storableText(value, max);
  return clean === '' ? undefined : clean;
}
const id = (value: unknown) => text(value, MAX_INBOUND_ID);

/** Meta's Unix-seconds timestamp, never later than when we received it. */
function timeOf(value: unknown, receivedAt: Date): Date {
  const seconds = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(seconds) || seconds <= 0) return receivedAt;
  return new Date(Math.min(seconds * 1000, receivedAt.getTime()));
}

function coordinate(place: Json, field: string, limit: number, at: string, problems: Problem[]): number {
  const value = typeof place[field] === 'string' ? Number(place[field]) : place[field];
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit) {
    problems.push({
      field: `${at}/location/${field}`,
      reason: `must be a number between -${limit} and ${limit}`,
    });
    return 0;
  }
  return value;
}

/** The engine's view of one message's content; null for messages the engine does not take. */
function contentOf(message: Json, at: string, problems: Problem[]): InboundMessage | null {
  const type = String(message.type);
  if (IGNORED_TYPES.has(type)) return null;
  const body = isObject(message[type]) ? (message[type] as Json) : {};
  if (type === 'text') return { kind: 'text', text: text(body.body) ?? '' };
  if (type === 'interactive') {
    const reply = body.button_reply ?? body.list_reply;
    if (!isObject(reply)) return { kind: 'text', text: '' };
    const replyId = id(reply.id);
    if (!replyId) {
      problems.push({ field: `${at}/interactive/${String(body.type)}/id`, reason: 'is required' });
      return null;
    }
    const kind = body.button_reply ? 'button' : 'list';
    const title = text(reply.title);
    return { kind, id: replyId, ...(title ? { title } : {}) };
  }
  // A quick-reply button on a template message.
  if (type === 'button') {
    const payload = id(body.payload) ?? id(body.text);
    const title = text(body.text);
    if (!payload) problems.push({ field: `${at}/button/payload`, reason: 'is required' });
    return payload ? { kind: 'button', id: payload, ...(title ? { title } : {}) } : null;
  }
  const mediaType = MEDIA[type];
  if (mediaType) {
    const mediaId = id(body.id);
    if (!mediaId) {
      problems.push({
        field: `${at}/${type}/id`,
        reason: 'is required: the media id Meta stores the file under',
      });
      return null;
    }
    const contentType = id(body.mime_type);
    const caption = text(body.caption);
    return {
      kind: 'media',
      mediaType,
      url: `${META_MEDIA_PREFIX}${mediaId}`,
      ...(contentType ? { contentType } : {}),
      ...(caption ? { caption } : {}),
    };
  }
  if (type === 'location') {
    const name = text(body.name) ?? text(body.address);
    return {
      kind: 'location',
      latitude: coordinate(body, 'latitude', 90, at, problems),
      longitude: coordinate(body, 'longitude', 180, at, problems),
      ...(name ? { name } : {}),
    };
  }
  // Contacts cards, orders, unsupported types: the learner wrote, the flow answers as to an empty text.
  return { kind: 'text', text: '' };
}

function messageOf(message: unknown, value: Json, at: string, receivedAt: Date, problems: Problem[]) {
  if (!isObject(message)) {
    problems.push({ field: at, reason: 'must be an object' });
    return null;
  }
  const before = problems.length;
  const providerId = id(message.id);
  if (!providerId) problems.push({ field: `${at}/id`, reason: 'is required' });
  const who = senderOf(message, value, at, problems);
  if (!text(message.type)) problems.push({ field: `${at}/type`, reason: 'is required' });
  if (problems.length > before) return null;
  const content = contentOf(message, at, problems);
  if (!content || problems.length > before) return null;
  const event: LearnerMessage = {
    type: 'message',
    channel: 'meta',
    providerId: providerId!,
    from: who!.sender.phone ?? who!.sender.bsuid!,
    at: timeOf(message.timestamp, receivedAt).toISOString(),
    message: content,
    profile: { ...(who!.name ? { name: who!.name } : {}), ...(who!.waId ? { waId: who!.waId } : {}) },
  };
  return { event, sender: who!.sender };
}

function statusOf(status: unknown, at: string, receivedAt: Date, problems: Problem[]): MetaStatus | null {
  if (!isObject(status)) {
    problems.push({ field: at, reason: 'must be an object' });
    return null;
  }
  const before = problems.length;
  const providerId = id(status.id);
  if (!providerId) problems.push({ field: `${at}/id`, reason: 'is required' });
  if (!text(status.status)) problems.push({ field: `${at}/status`, reason: 'is required' });
  if (problems.length > before) return null;
  const state = STATUSES[status.status as string];
  // Statuses this product does not track (deleted, warning …) are acknowledged and ignored.
  if (!state) return null;
  const error = Array.isArray(status.errors) ? status.errors.find(isObject) : undefined;
  const code =
    error && (typeof error.code === 'number' || typeof error.code === 'string') ? Number(error.code) : null;
  const recipient = recipientOf(status);
  const details = isObject(error?.error_data) ? text(error.error_data.details) : undefined;
  const title = text(error?.title);
  return {
    report: {
      channel: 'meta',
      providerId: providerId!,
      status: state,
      ...(code !== null ? { errorCode: productErrorCode(code) } : {}),
      ...(recipient ? { recipient } : {}),
      // The outbox row id the sender put in the send: how a crash mid-send is resolved.
      ...(typeof status.biz_opaque_callback_data === 'string' &&
      /^\d{1,18}$/.test(status.biz_opaque_callback_data)
        ? { outboxId: Number(status.biz_opaque_callback_data) }
        : {}),
      at: timeOf(status.timestamp, receivedAt),
    },
    ...(code !== null
      ? {
          metaError: {
            code,
            ...(title ? { title } : {}),
            ...(details ? { details } : {}),
          },
        }
      : {}),
  };
}

/** Calls `fn` for each item of the optional list `value[list]`. */
function each(
  value: Json,
  list: string,
  at: string,
  problems: Problem[],
  fn: (item: unknown, i: number) => void,
) {
  if (value[list] === undefined) return;
  if (!Array.isArray(value[list])) problems.push({ field: `${at}/${list}`, reason: 'must be an array' });
  else (value[list] as unknown[]).forEach(fn);
}

/**
 * A Cloud API webhook body (`object: whatsapp_business_account`, entry[].changes[].value), every
 * learner message and delivery status in it, in order, each string made storable. Changes other
 * than `messages` (template reviews, account updates) are ignored. A malformed message or status
 * is left out and named in `skipped`, so one bad item never costs the others; only a body that is
 * not a WhatsApp webhook at all throws MalformedWebhook.
 */
export function parseMetaWebhook(body: unknown, receivedAt: Date): MetaWebhook {
  const envelope: Problem[] = [];
  if (!isObject(body)) throw new MalformedWebhook([{ field: '', reason: 'must be a JSON object' }]);
  if (body.object !== 'whatsapp_business_account')
    envelope.push({ field: 'object', reason: 'must be "whatsapp_business_account"' });
  if (!Array.isArray(body.entry)) envelope.push({ field: 'entry', reason: 'must be an array' });
  if (envelope.length > 0) throw new MalformedWebhook(envelope);
  const result: MetaWebhook = { messages: [], senders: [], changes: [], statuses: [], skipped: [] };
  const problems = result.skipped;
  (body.entry as unknown[]).forEach((entry, e) => {
    const changes = isObject(entry) ? entry.changes : undefined;
    if (!Array.isArray(changes)) {
      problems.push({ field: `entry/${e}/changes`, reason: 'must be an array' });
      return;
    }
    changes.forEach((change: unknown, c) => {
      if (!isObject(change) || change.field !== 'messages') return;
      const at = `entry/${e}/changes/${c}/value`;
      const value = change.value;
      if (!isObject(value)) return void problems.push({ field: at, reason: 'must be an object' });
      each(value, 'messages', at, problems, (m, i) => {
        if (isObject(m) && m.type === 'system') {
          const change = changeOf(m, `${at}/messages/${i}`, problems);
          if (change) result.changes.push(change);
          return;
        }
        const message = messageOf(m, value, `${at}/messages/${i}`, receivedAt, problems);
        if (!message) return;
        result.messages.push(message.event);
        result.senders.push(message.sender);
      });
      each(value, 'statuses', at, problems, (s, i) => {
        const status = statusOf(s, `${at}/statuses/${i}`, receivedAt, problems);
        if (status) result.statuses.push(status);
      });
    });
  });
  return result;
}
