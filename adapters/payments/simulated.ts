import { randomUUID } from 'node:crypto';
import type { MpesaGateway, StkQueryResult } from './gateway.js';

/*
 * The embedded M-PESA used when no MPESA_* is configured: every push is accepted and settles
 * SIMULATED_CONFIRM_MS later through the same STK query path as real Daraja (so the simulated
 * clock drives it in tests and `npm run chat`). Outcomes a learner can try by the phone number
 * the prompt goes to, ending in a Daraja result code: …1032 cancelled, …0001 insufficient funds,
 * …2001 wrong PIN, …1037 timed out; any other number pays.
 */

export const SIMULATED_CONFIRM_MS = 10_000;

const OUTCOME_BY_ENDING: Record<string, { code: number; desc: string }> = {
  '1032': { code: 1032, desc: 'Request cancelled by user' },
  '0001': { code: 1, desc: 'The balance is insufficient for the transaction' },
  '2001': { code: 2001, desc: 'The initiator information is invalid' },
  '1037': { code: 1037, desc: 'DS timeout user cannot be reached' },
};
const SUCCESS = { code: 0, desc: 'The service request is processed successfully.' };

/** The result code the simulated M-PESA gives a prompt to this phone. */
export const simulatedResultFor = (phone: string) => OUTCOME_BY_ENDING[phone.slice(-4)] ?? SUCCESS;

export function simulatedMpesa(newId: () => string = randomUUID): MpesaGateway {
  return {
    simulated: true,
    firstCheckAfterMs: SIMULATED_CONFIRM_MS,
    async stkPush(request) {
      const { code } = simulatedResultFor(request.phone);
      // The outcome travels in the id, so the query needs no memory (and survives a restart).
      return {
        ok: true,
        checkoutRequestId: `sim_ws_CO_${newId()}_${code}`,
        merchantRequestId: `sim-${newId()}`,
      };
    },
    async stkQuery(checkoutRequestId): Promise<StkQueryResult> {
      const code = Number(/_(\d+)$/.exec(checkoutRequestId)?.[1] ?? NaN);
      if (!Number.isInteger(code)) return { kind: 'pending', reason: 'not a simulated checkout id' };
      const known = Object.values(OUTCOME_BY_ENDING).find((o) => o.code === code) ?? SUCCESS;
      const receipt = code === 0 ? `SIM${checkoutRequestId.slice(10, 17).toUpperCase()}` : undefined;
      return { kind: 'final', resultCode: code, resultDesc: known.desc, ...(receipt ? { receipt } : {}) };
    },
    async reverse() {
      return { ok: true, conversationId: `sim-${newId()}`, originatorConversationId: `sim-${newId()}` };
    },
  };
}

/** Production without MPESA_*: no simulated payments there (they would give premium away); every push is refused. */
export const unconfiguredMpesa: MpesaGateway = {
  simulated: false,
  firstCheckAfterMs: 90_000,
  stkPush: async () => ({ ok: false, reason: 'M-PESA is not configured (MPESA_*)' }),
  stkQuery: async () => ({ kind: 'pending', reason: 'M-PESA is not configured (MPESA_*)' }),
  reverse: async () => ({ ok: false, reason: 'M-PESA is not configured (MPESA_*)' }),
};
