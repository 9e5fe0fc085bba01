/**
 * What the payment service needs from M-PESA, whether Safaricom's Daraja (daraja.ts) or the
 * simulated M-PESA used when no MPESA_* is configured (simulated.ts). Expected outcomes are
 * values, never exceptions: a refused push, a query that cannot tell yet.
 */
export interface StkPushRequest {
  /** E.164, +2547… or +2541… */
  phone: string;
  amount: number;
  /** Shows on the learner's statement (at most 12 characters). */
  accountReference: string;
  description: string;
}

export type StkPushResult =
  { ok: true; checkoutRequestId: string; merchantRequestId: string } | { ok: false; reason: string };

/** `final`: M-PESA knows the outcome (ResultCode); `pending`: not yet, or the query itself failed. */
export type StkQueryResult =
  /** Daraja's query carries no receipt number; the simulated M-PESA makes one up. */
  | { kind: 'final'; resultCode: number; resultDesc: string; receipt?: string }
  | { kind: 'pending'; reason: string };

export interface ReversalRequest {
  receipt: string;
  amount: number;
  remarks: string;
}

export type ReversalResult =
  { ok: true; conversationId: string; originatorConversationId: string } | { ok: false; reason: string };

export interface MpesaGateway {
  /** True for the simulated M-PESA: every event the learner's flows get says so. */
  readonly simulated: boolean;
  /** How long after a push to ask M-PESA when no callback came. */
  readonly firstCheckAfterMs: number;
  stkPush(request: StkPushRequest): Promise<StkPushResult>;
  stkQuery(checkoutRequestId: string): Promise<StkQueryResult>;
  reverse(request: ReversalRequest): Promise<ReversalResult>;
}

/** Daraja's result codes for an STK push, as the learner's flows name them. */
export type PaymentOutcome =
  'confirmed' | 'cancelled' | 'insufficientFunds' | 'wrongPin' | 'timedOut' | 'failed';

export function outcomeOf(resultCode: number): PaymentOutcome {
  switch (resultCode) {
    case 0:
      return 'confirmed';
    case 1032:
      return 'cancelled';
    case 1:
      return 'insufficientFunds';
    case 2001:
      return 'wrongPin';
    case 1037:
      return 'timedOut';
    default:
      return 'failed';
  }
}

/** +254712345678 → 254712345678, the MSISDN form Daraja takes and sends back. */
export const msisdnOf = (phone: string) => phone.replace(/^\+/, '');
