/*
 * The learner a WhatsApp message is from, for both channels' webhooks: the sender's phone, BSUID
 * and parent BSUID as the channel parsed them, resolved to the learner's address (users.phone)
 * before the engine sees the message (docs/learners.md#who-a-learner-is).
 */
import type { Inbound } from '../../engine/events.js';
import type { LearnerIdentities, WhatsAppIdentity } from '../../db/repositories/learner-identities.js';

type LearnerMessage = Extract<Inbound, { type: 'message' }>;

/**
 * A function giving a message its learner's address. Without identities (a test runtime without a
 * database) the address is the one the channel parsed: the phone, else the BSUID.
 */
export function learnerAddress(identities?: Pick<LearnerIdentities, 'resolveAddress'>) {
  return async function addressed(event: LearnerMessage, sender: WhatsAppIdentity): Promise<LearnerMessage> {
    if (!identities) return event;
    const from = await identities.resolveAddress(sender);
    return from === event.from ? event : { ...event, from };
  };
}
