/*
 * Who wrote, in a Twilio WhatsApp webhook (docs/whatsapp-identity.md#twilio). Twilio documents
 * that a BSUID arrives in `From` (`whatsapp:US.…`, when WhatsApp gives no phone) or in
 * `ExternalUserIdentifier`; integrators report the parameter as `ExternalUserId`, and a parent BSUID
 * as `ParentExternalUserId`. Decisions: all of these are read, with or without `whatsapp:`; a value
 * that is not a BSUID is ignored (the message still has its `From`), since Twilio does not send
 * a refused webhook again; `WaId` is not read as a phone when `From` is a BSUID (what it holds then
 * is not documented), and no username is read (Twilio names no such parameter).
 */
import type { WhatsAppIdentity } from '../../../db/repositories/learner-identities.js';
import { BSUID, PARENT_BSUID } from '../bsuid.js';

/** A Twilio webhook's form fields. */
export type Form = Record<string, string>;

/** A WhatsApp address in `From` or `To`: `whatsapp:` and a phone in E.164, or a BSUID. */
export const WHATSAPP_ADDRESS = new RegExp(`^whatsapp:(\\+[1-9]\\d{6,14}|${BSUID.source.slice(1, -1)})$`);

const bare = (value: string | undefined) => value?.replace(/^whatsapp:/, '');
const matching = (value: string | undefined, pattern: RegExp) =>
  value !== undefined && pattern.test(value) ? value : undefined;

/** The sender a Twilio webhook names: its phone and BSUID (either may be missing, not both). */
export function twilioSenderOf(form: Form): WhatsAppIdentity {
  const from = WHATSAPP_ADDRESS.exec(form.From ?? '')?.[1];
  if (!from) throw new Error('From must be a WhatsApp address: parse the message first');
  const phone = from.startsWith('+') ? from : undefined;
  const bsuid =
    (phone ? undefined : from) ??
    matching(bare(form.ExternalUserIdentifier), BSUID) ??
    matching(bare(form.ExternalUserId), BSUID);
  const parentBsuid = matching(bare(form.ParentExternalUserId), PARENT_BSUID);
  return {
    ...(phone ? { phone } : {}),
    ...(bsuid ? { bsuid } : {}),
    ...(parentBsuid ? { parentBsuid } : {}),
  };
}
