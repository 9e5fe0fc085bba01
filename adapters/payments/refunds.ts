import type { Database } from '../../db/client.js';
import {
  askRefund,
  finishRefund,
  refundByConversation,
  refundNotice,
  refundSent,
} from '../../db/repositories/payments-refunds.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock } from '../../engine/ports.js';
import type { MpesaGateway } from './gateway.js';

/*
 * Refunds through Daraja's Reversal API. Decisions: the amount is checked against what the order
 * still holds before Daraja is asked; a refund Daraja refuses is failed at once; an accepted one
 * completes when the reversal result is posted (the simulated M-PESA completes it at once). A
 * payment settled by STK query has no receipt number, which a reversal needs: refused, naming why.
 * A completed refund is told to the learner as `system.refund` (once: its id names the event); a
 * full one ends the access that payment bought (flows/payment-events.ts).
 */

export type RefundResult =
  { ok: true; refundId: string; status: 'requested' | 'completed' } | { ok: false; problem: string };

export function paymentRefunds(deps: {
  db: Database;
  gateway: MpesaGateway;
  clock: Clock;
  /** The engine's door: the learner hears of a completed refund. */
  receive?: (event: Inbound) => Promise<unknown>;
}) {
  const { db, gateway, clock } = deps;
  const tell = async (refundId: string) => {
    const notice = deps.receive ? await refundNotice(db, refundId) : undefined;
    if (!notice) return;
    const { userId, ...data } = notice;
    await deps.receive!({
      type: 'system',
      channel: 'system',
      providerId: `refund:${refundId}`,
      userId,
      at: clock.now().toISOString(),
      name: 'refund',
      data,
    });
  };
  return {
    async refund(input: {
      orderId: string;
      amount?: number;
      reason: string;
      requestedBy: string;
    }): Promise<RefundResult> {
      const asked = await askRefund(db, { ...input, at: clock.now() });
      if (!asked.ok) return asked;
      const fail = async (problem: string): Promise<RefundResult> => {
        await finishRefund(db, asked.refundId, {
          ok: false,
          detail: problem,
          source: 'admin',
          at: clock.now(),
        });
        return { ok: false, problem };
      };
      if (!asked.receipt)
        return fail(
          'the payment has no M-PESA receipt number (settled by STK query): refund it from the M-PESA portal',
        );
      const reversed = await gateway.reverse({
        receipt: asked.receipt,
        amount: asked.amount,
        remarks: input.reason,
      });
      if (!reversed.ok) return fail(reversed.reason);
      await refundSent(db, asked.refundId, reversed.conversationId, clock.now());
      if (gateway.simulated) {
        await finishRefund(db, asked.refundId, {
          ok: true,
          detail: 'simulated reversal',
          source: 'simulated',
          at: clock.now(),
        });
        await tell(asked.refundId);
        return { ok: true, refundId: asked.refundId, status: 'completed' };
      }
      return { ok: true, refundId: asked.refundId, status: 'requested' };
    },

    /** Daraja's reversal result, matched by ConversationID; false when it matches no refund. */
    async reversalResult(result: { conversationId: string; resultCode: number; resultDesc: string }) {
      const refundId = await refundByConversation(db, result.conversationId);
      if (!refundId) return false;
      await finishRefund(db, refundId, {
        ok: result.resultCode === 0,
        detail: `${result.resultCode} ${result.resultDesc}`,
        source: 'callback',
        at: clock.now(),
      });
      if (result.resultCode === 0) await tell(refundId);
      return true;
    },
  };
}

export type PaymentRefunds = ReturnType<typeof paymentRefunds>;
