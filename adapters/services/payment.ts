import type { ContentCatalog } from '../../content/catalog.js';
import type { Database } from '../../db/client.js';
import { learnerPayments } from '../../db/repositories/payments-queries.js';
import { openSupportRequest } from '../../db/repositories/payments-support.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock } from '../../engine/ports.js';
import type { PaymentDesk } from '../payments/desk.js';
import { outcomeOf } from '../payments/gateway.js';
import { dayOf, idempotencyKey, inputChecker } from './input.js';
import type { ServiceHandler } from './progress.js';

/*
 * The payment services of the contract with the payment flow (docs/payments.md):
 * payment.request → system.payment, payment.history → system.paymentHistory,
 * payment.support → system.paymentSupport. Decisions: an unknown plan is a flow bug, logged, and
 * the learner hears `unavailable` rather than nothing; history and support accept an optional
 * requestId (without one, a history is per call instant and a support request per text and day).
 */

export interface PaymentServiceDeps {
  db: Database;
  clock: Clock;
  desk: PaymentDesk;
  catalog: () => ContentCatalog;
  receive: (event: Inbound) => Promise<unknown>;
  warn?: (message: string, detail: Record<string, unknown>) => void;
}

interface PaymentRequest {
  requestId: string;
  planId: string;
  phone: string;
}

const paymentRequest = inputChecker<PaymentRequest>('payment.request', {
  type: 'object',
  properties: {
    requestId: { type: 'string', minLength: 1, maxLength: 200 },
    planId: { type: 'string', minLength: 1, maxLength: 100 },
    // Safaricom lines: +2547… and +2541…, as the flow normalised them.
    phone: { type: 'string', pattern: '^\\+254[17]\\d{8}$' },
  },
  required: ['requestId', 'planId', 'phone'],
});

const historyRequest = inputChecker<{ requestId?: string | null }>('payment.history', {
  type: 'object',
  properties: { requestId: { type: 'string', nullable: true, minLength: 1, maxLength: 200 } },
  required: [],
});

const supportRequest = inputChecker<{ text: string; requestId?: string | null }>('payment.support', {
  type: 'object',
  properties: {
    text: { type: 'string', minLength: 1, maxLength: 2000 },
    requestId: { type: 'string', nullable: true, minLength: 1, maxLength: 200 },
  },
  required: ['text'],
});

const HISTORY_STATUS = {
  pending: 'pending',
  paid: 'confirmed',
  failed: 'failed',
  refunded: 'refunded',
  disputed: 'failed',
} as const;

export function paymentServices(deps: PaymentServiceDeps): Record<string, ServiceHandler> {
  const { db, clock, desk, receive } = deps;
  const system = (userId: string, providerId: string, name: string, data: Record<string, unknown>) =>
    receive({
      type: 'system',
      channel: 'system',
      providerId,
      userId,
      at: clock.now().toISOString(),
      name,
      data,
    });

  return {
    'payment.request': async (userId, raw) => {
      const input = paymentRequest(raw);
      const plan = deps.catalog().plan(input.planId);
      if (!plan) {
        deps.warn?.('payment.request for a plan not in content/plans.yaml: the learner hears unavailable', {
          userId,
          planId: input.planId,
        });
        await system(userId, `mpesa:request:${userId}:${input.requestId}:unavailable`, 'payment', {
          planId: input.planId,
          status: 'unavailable',
          simulated: desk.simulated,
        });
        return;
      }
      await desk.request({ userId, requestId: input.requestId, phone: input.phone, plan });
    },

    'payment.history': async (userId, raw) => {
      const input = historyRequest(raw);
      const rows = await learnerPayments(db, userId, 10);
      const payments = rows.map(({ order, attempt }) => {
        const status = HISTORY_STATUS[order.status];
        const reason =
          order.status === 'disputed'
            ? 'underReview'
            : attempt?.status === 'unavailable'
              ? 'unavailable'
              : status === 'failed' && attempt?.resultCode != null
                ? outcomeOf(attempt.resultCode)
                : undefined;
        return {
          at: order.createdAt.toISOString(),
          planId: order.planId,
          amount: order.amount,
          status,
          ...(attempt?.receipt && status !== 'failed' ? { receipt: attempt.receipt } : {}),
          ...(reason ? { reason } : {}),
        };
      });
      const id = input.requestId ?? clock.now().toISOString();
      await system(userId, `payment-history:${userId}:${id}`, 'paymentHistory', { payments });
    },

    'payment.support': async (userId, raw) => {
      const input = supportRequest(raw);
      const at = clock.now();
      const requestKey = `${userId}:${input.requestId ?? idempotencyKey({ text: input.text.trim() }, dayOf(at))}`;
      const opened = await openSupportRequest(db, { userId, requestKey, text: input.text.trim(), at });
      await system(userId, `payment-support:${opened.id}`, 'paymentSupport', { requestId: opened.id });
    },
  };
}
