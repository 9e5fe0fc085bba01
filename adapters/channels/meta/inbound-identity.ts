/*
 * Who wrote, in a Cloud API webhook: phone (`from`, `contacts[].wa_id`, may be absent for a learner
 * with a username), BSUID (`from_user_id`, `contacts[].user_id`, always), parent BSUID and
 * username; and the `system` messages that say a BSUID changed (docs/whatsapp-identity.md).
 */
import type { IdentityChange, WhatsAppIdentity } from '../../../db/repositories/learner-identities.js';
import { MAX_INBOUND_ID, storableText } from '../inbound-text.js';
import { BSUID, PARENT_BSUID } from '../bsuid.js';

export type Json = Record<string, unknown>;
export type Problem = { field: string; reason: string };

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const WA_ID = /^\d{6,15}$/;
const USERNAME = /^[a-z0-9._]{3,35}$/;
const match = (value: unknown, pattern: RegExp) =>
  typeof value === 'string' && pattern.test(value) ? value : undefined;

/** Whom a status is about: their phone (E.164) when Meta gave it, else their BSUID. */
export const recipientOf = (status: Json): string | undefined => {
  const phone = match(status.recipient_id, WA_ID);
  return phone ? `+${phone}` : match(status.recipient_user_id, BSUID);
};

/** The sender of one message, as the webhook names them; null (with the problem named) when neither phone nor BSUID is usable. */
export function senderOf(
  message: Json,
  value: Json,
  at: string,
  problems: Problem[],
): { sender: WhatsAppIdentity; name?: string; waId?: string } | null {
  const contacts = Array.isArray(value.contacts) ? value.contacts.filter(isObject) : [];
  const contact =
    contacts.find(
      (c) =>
        (message.from !== undefined && c.wa_id === message.from) ||
        (message.from_user_id !== undefined && c.user_id === message.from_user_id),
    ) ?? (contacts.length === 1 ? contacts[0] : undefined);
  // Meta omits the phone of a learner with a username (docs/whatsapp-identity.md); the BSUID is always there.
  const phone = match(message.from, WA_ID);
  const bsuid = match(message.from_user_id ?? contact?.user_id, BSUID);
  if (message.from !== undefined && !phone)
    problems.push({ field: `${at}/from`, reason: 'must be a WhatsApp id: the phone number in digits' });
  else if (message.from_user_id !== undefined && !match(message.from_user_id, BSUID))
    problems.push({ field: `${at}/from_user_id`, reason: 'must be a BSUID, like KE.1502576394655843' });
  else if (!phone && !bsuid)
    problems.push({
      field: `${at}/from_user_id`,
      reason: 'is required without from: the sender needs a phone number or a BSUID',
    });
  else {
    const profile = isObject(contact?.profile) ? contact.profile : {};
    const name = typeof profile.name === 'string' ? storableText(profile.name, MAX_INBOUND_ID) : '';
    const username = match(profile.username, USERNAME);
    const parentBsuid = match(message.from_parent_user_id ?? contact?.parent_user_id, PARENT_BSUID);
    const sender: WhatsAppIdentity = {
      ...(phone ? { phone: `+${phone}` } : {}),
      ...(bsuid ? { bsuid } : {}),
      ...(parentBsuid ? { parentBsuid } : {}),
      ...(username ? { username } : {}),
    };
    return { sender, ...(name ? { name } : {}), ...(phone ? { waId: phone } : {}) };
  }
  return null;
}

/** A BSUID change: the learner is found by the previous BSUID (or the old phone in `from`). */
export function changeOf(message: Json, at: string, problems: Problem[]): IdentityChange | null {
  const system = isObject(message.system) ? message.system : {};
  if (system.type !== 'user_changed_number' && system.type !== 'user_changed_user_id') return null;
  const bsuid = match(system.user_id, BSUID);
  if (!bsuid) {
    problems.push({ field: `${at}/system/user_id`, reason: 'must be a BSUID, like KE.1502576394655843' });
    return null;
  }
  const previousBsuid = match(system.previous_user_id, BSUID);
  const previousPhone = match(message.from, WA_ID);
  const phone = match(system.wa_id, WA_ID);
  const parentBsuid = match(system.parent_user_id, PARENT_BSUID);
  return {
    bsuid,
    ...(previousBsuid ? { previousBsuid } : {}),
    ...(previousPhone ? { previousPhone: `+${previousPhone}` } : {}),
    ...(phone ? { phone: `+${phone}` } : {}),
    ...(parentBsuid ? { parentBsuid } : {}),
  };
}
