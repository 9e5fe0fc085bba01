import type { Inbound, InboundMessage, MediaType } from '../../../engine/events.js';
import type { DeliveryState, StatusReport } from '../../../db/repositories/delivery.js';
import { MAX_INBOUND_ID, storable, storableText } from '../inbound-text.js';
import { WHATSAPP_ADDRESS } from './inbound-identity.js';

import type { Form } from './inbound-identity.js';

export type { Form } from './inbound-identity.js';

/** What is wrong with a webhook body, field by field, for a 400 answer. */
export class MalformedWebhook extends Error {
  constructor(readonly problems: { field: string; reason: string }[]) {
    super(problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
    this.name = 'MalformedWebhook';
  }
}

const SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

function mediaTypeOf(contentType: string): MediaType {
  const major = contentType.split('/')[0];
  if (major === 'image' || major === 'audio' || major === 'video') return major;
  return 'document';
}

function number(form: Form, field: string, min: number, max: number): number {
  const value = Number(form[field]);
  if (
    form[field] === undefined ||
    form[field] === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max
  ) {
    throw new MalformedWebhook([{ field, reason: `must be a number between ${min} and ${max}` }]);
  }
  return value;
}

/** A form field as text the engine can store, or undefined when absent or empty. */
function field(form: Form, name: string, max?: number): string | undefined {
  const value = form[name] ? storableText(form[name], max) : '';
  return value === '' ? undefined : value;
}

function messageOf(form: Form): InboundMessage {
  const title = (name: string) => {
    const value = field(form, name);
    return value ? { title: value } : {};
  };
  const buttonId = field(form, 'ButtonPayload', MAX_INBOUND_ID);
  if (buttonId) return { kind: 'button', id: buttonId, ...title('ButtonText') };
  const listId = field(form, 'ListId', MAX_INBOUND_ID);
  if (listId) return { kind: 'list', id: listId, ...title('ListTitle') };
  if (form.Latitude !== undefined || form.Longitude !== undefined) {
    const name = field(form, 'Label') ?? field(form, 'Address');
    return {
      kind: 'location',
      latitude: number(form, 'Latitude', -90, 90),
      longitude: number(form, 'Longitude', -180, 180),
      ...(name ? { name } : {}),
    };
  }
  const count = form.NumMedia ? Number(form.NumMedia) : 0;
  if (!Number.isInteger(count) || count < 0 || count > 10) {
    throw new MalformedWebhook([{ field: 'NumMedia', reason: 'must be a whole number from 0 to 10' }]);
  }
  const caption = field(form, 'Body');
  if (count > 0) {
    const files = Array.from({ length: count }, (_, i) => {
      const url = storable(form[`MediaUrl${i}`] ?? '');
      const contentType = field(form, `MediaContentType${i}`, MAX_INBOUND_ID) ?? 'application/octet-stream';
      if (!url || !/^https?:\/\//.test(url)) {
        throw new MalformedWebhook([
          { field: `MediaUrl${i}`, reason: `NumMedia is ${count} but this URL is missing` },
        ]);
      }
      return { mediaType: mediaTypeOf(contentType), url, contentType };
    });
    const [first, ...more] = files;
    return {
      kind: 'media',
      ...first!,
      ...(caption ? { caption } : {}),
      ...(more.length > 0 ? { more } : {}),
    };
  }
  return { kind: 'text', text: caption ?? '' };
}

/**
 * A learner's WhatsApp message as Twilio posts it, normalised for the engine, every field made
 * storable (see inbound-text.ts); `from` is the phone, else the BSUID, in `From` (the learner's
 * address is resolved from twilioSenderOf). Throws MalformedWebhook.
 */
export function parseTwilioInbound(form: Form, at: Date): Extract<Inbound, { type: 'message' }> {
  const problems: { field: string; reason: string }[] = [];
  if (!form.MessageSid || !SID.test(form.MessageSid))
    problems.push({ field: 'MessageSid', reason: 'is required: SM or MM followed by 32 hex digits' });
  const from = WHATSAPP_ADDRESS.exec(form.From ?? '');
  if (!from)
    problems.push({
      field: 'From',
      reason:
        'must be a WhatsApp address like whatsapp:+254712345678 or, without a phone, whatsapp:KE.1502576394655843',
    });
  if (problems.length > 0) throw new MalformedWebhook(problems);
  const name = field(form, 'ProfileName', MAX_INBOUND_ID);
  // Only a phone's digits: what WaId holds for a sender known by BSUID is not documented.
  const waId = from![1]!.startsWith('+') ? field(form, 'WaId', MAX_INBOUND_ID) : undefined;
  const profile = { ...(name ? { name } : {}), ...(waId ? { waId } : {}) };
  return {
    type: 'message',
    channel: 'twilio',
    providerId: form.MessageSid!,
    from: from![1]!,
    at: at.toISOString(),
    message: messageOf(form),
    ...(Object.keys(profile).length > 0 ? { profile } : {}),
  };
}

const STATUSES: Record<string, DeliveryState> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  undelivered: 'undelivered',
};

/** A Twilio status callback, normalised. Throws MalformedWebhook. */
export function parseTwilioStatus(form: Form, at: Date): StatusReport | null {
  const sid = form.MessageSid ?? form.SmsSid;
  const raw = form.MessageStatus ?? form.SmsStatus;
  const problems: { field: string; reason: string }[] = [];
  if (!sid || !SID.test(sid))
    problems.push({ field: 'MessageSid', reason: 'is required: SM followed by 32 hex digits' });
  if (!raw) problems.push({ field: 'MessageStatus', reason: 'is required' });
  if (problems.length > 0) throw new MalformedWebhook(problems);
  const status = STATUSES[raw!];
  // Statuses this product does not track (canceled, receiving …) are acknowledged and ignored.
  if (!status) return null;
  const recipient = WHATSAPP_ADDRESS.exec(form.To ?? '')?.[1];
  const errorCode = field(form, 'ErrorCode', MAX_INBOUND_ID);
  return {
    channel: 'twilio',
    providerId: sid!,
    status,
    ...(errorCode ? { errorCode } : {}),
    ...(recipient ? { recipient } : {}),
    at,
  };
}
