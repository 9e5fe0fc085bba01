import type { Database } from '../../db/client.js';
import {
  raiseAlert,
  markPrompted,
  markUnavailable,
  openOrder,
  postponeCheck,
  type NewOrder,
} from '../../db/repositories/payments.js';
import {
  accessUntilOf,
  attemptByCheckout,
  attemptById,
  OPEN_ATTEMPT,
  dueChecks,
  markNotified,
  unnotifiedAttempts,
} from '../../db/repositories/payments-queries.js';
import {
  settleAttempt,
  type FinalOutcome,
  type SettleSource,
} from '../../db/repositories/payments-settle.js';
import type { PaymentAttempt, PaymentOrder } from '../../db/schema/index.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock } from '../../engine/ports.js';
import type { StkCallback } from './callback.js';
import { outcomeOf, type MpesaGateway } from './gateway.js';

/*
 * The payment desk: opens an order and pushes the M-PESA prompt, asks M-PESA (STK query) when no
 * callback came, settles attempts and hands each outcome to the learner's flows as ONE
 * `system.payment` event (provider id `mpesa:<orderId>:<status>`, so a repeat is a no-op).
 * Decisions: the first query 90 s after the push (10 s in the simulation), then 30 s, 1, 2, 4 …
 * minutes, at most an hour apart; a callback with 1037 asks again after 30 s. A query saying 1037
 * is final (M-PESA's own record: it did not go through): timedOut.
 */

export interface PaymentJobs {
  /** Runs `desk.check(attemptId)` at `at` (pg-boss in production; the simulator uses the table). */
  checkAt(attemptId: string, at: Date): Promise<void>;
}

export const noPaymentJobs: PaymentJobs = { checkAt: async () => {} };

export interface PaymentDeskDeps {
  db: Database;
  gateway: MpesaGateway;
  clock: Clock;
  jobs: PaymentJobs;
  receive: (event: Inbound) => Promise<unknown>;
  log?: (message: string, detail: Record<string, unknown>) => void;
  warn?: (message: string, detail: Record<string, unknown>) => void;
}

const RETRY_AFTER_CALLBACK_1037_MS = 30_000;
const MAX_CHECK_GAP_MS = 3_600_000;

/** How long after the n-th query (0-based) to ask again. */
export const checkBackoffMs = (checks: number) => Math.min(30_000 * 2 ** checks, MAX_CHECK_GAP_MS);

export type PaymentEventData = Record<string, unknown> & { status: string; planId: string };

export function paymentDesk(deps: PaymentDeskDeps) {
  const { db, gateway, clock, jobs, receive } = deps;
  const simulated = gateway.simulated;

  async function tell(userId: string, providerId: string, data: PaymentEventData) {
    await receive({
      type: 'system',
      channel: 'system',
      providerId,
      userId,
      at: clock.now().toISOString(),
      name: 'payment',
      data,
    });
  }

  async function outcomeData(attempt: PaymentAttempt, order: PaymentOrder): Promise<PaymentEventData> {
    const common = { orderId: order.id, planId: order.planId, simulated: attempt.simulated };
    if (attempt.status === 'confirmed') {
      const accessUntil = await accessUntilOf(db, order.id);
      return {
        ...common,
        status: 'confirmed',
        receipt: attempt.receipt,
        amount: attempt.amount,
        courses: order.courses,
        accessUntil: accessUntil ? accessUntil.toISOString() : null,
      };
    }
    const resultCode = attempt.resultCode ?? 1037;
    // A mismatch (money moved, not as asked) or an attempt nobody could resolve: failed, for an operator.
    const status = attempt.status === 'failed' ? outcomeOf(resultCode) : 'failed';
    return { ...common, status, resultCode };
  }

  /** Hands a settled attempt's outcome to the learner's flows (again after a crash: the inbox dedupes). */
  async function notify(attemptId: string): Promise<void> {
    const found = await attemptById(db, attemptId);
    if (!found?.attempt.userId) return;
    const data = await outcomeData(found.attempt, found.order);
    await tell(found.attempt.userId, `mpesa:${found.order.id}:${data.status}`, data);
    await markNotified(db, attemptId, clock.now());
  }

  /** `notifyNow: false`: the caller hands the learner the outcome itself (the callback answers Daraja first). */
  async function settle(attemptId: string, outcome: FinalOutcome, notifyNow = true) {
    const settled = await settleAttempt(db, attemptId, outcome);
    if (settled.changed) {
      deps.log?.('payment settled', {
        attemptId,
        orderId: settled.order.id,
        status: settled.attempt.status,
        resultCode: outcome.resultCode,
        by: outcome.source,
      });
      if (settled.attempt.status === 'mismatch')
        deps.warn?.('payment mismatch: held for an operator, no access given', {
          attemptId,
          orderId: settled.order.id,
        });
      if (notifyNow) await notify(attemptId);
    }
    return settled;
  }

  async function scheduleCheck(attemptId: string, at: Date) {
    try {
      await jobs.checkAt(attemptId, at);
    } catch (error) {
      // The attempt's next_check_at is in the table: the minute sweep still finds it.
      deps.warn?.('payment check could not be scheduled: the sweep will find it', {
        attemptId,
        err: String(error),
      });
    }
  }

  /** Asks M-PESA about an open attempt (STK query) and settles it, or asks again later. */
  async function check(attemptId: string, source: SettleSource = simulated ? 'simulated' : 'query') {
    const found = await attemptById(db, attemptId);
    if (!found || !['prompted', 'unknown'].includes(found.attempt.status)) return;
    const { attempt } = found;
    const answer = attempt.checkoutRequestId
      ? await gateway.stkQuery(attempt.checkoutRequestId)
      : ({ kind: 'pending', reason: 'no CheckoutRequestID' } as const);
    if (answer.kind === 'final') {
      await settle(attemptId, {
        resultCode: answer.resultCode,
        resultDesc: answer.resultDesc,
        receipt: answer.receipt ?? null,
        source,
        at: clock.now(),
      });
      return;
    }
    const nextCheckAt = new Date(clock.now().getTime() + checkBackoffMs(attempt.checks));
    await postponeCheck(db, attempt, {
      status: attempt.status as 'prompted' | 'unknown',
      nextCheckAt,
      reason: answer.reason,
      source,
      at: clock.now(),
    });
    deps.log?.('STK query could not tell yet: asking again later', {
      attemptId,
      reason: answer.reason,
      nextCheckAt,
    });
    await scheduleCheck(attemptId, nextCheckAt);
  }

  /** A callback said 1037 (timeout): money may have moved; the attempt is unknown until a query says. */
  async function unknownAfterCallback(attempt: PaymentAttempt, resultDesc: string) {
    const nextCheckAt = new Date(clock.now().getTime() + RETRY_AFTER_CALLBACK_1037_MS);
    await postponeCheck(db, attempt, {
      status: 'unknown',
      nextCheckAt,
      reason: `1037 ${resultDesc}`,
      source: 'callback',
      at: clock.now(),
    });
    await scheduleCheck(attempt.id, nextCheckAt);
  }

  /**
   * A well-formed Daraja callback: matched to its attempt by CheckoutRequestID and settled (the
   * learner is not told here: the route answers Daraja first, then calls `notify`).
   */
  async function callback(
    cb: StkCallback,
  ): Promise<{ result: 'settled' | 'duplicate' | 'unknown' | 'unknownCheckout'; attemptId?: string }> {
    const at = clock.now();
    const attemptId = await attemptByCheckout(db, cb.checkoutRequestId);
    if (!attemptId) {
      await raiseAlert(db, {
        kind: 'unknownCheckout',
        dedupeKey: `unknownCheckout:${cb.checkoutRequestId}:${cb.resultCode}`,
        at,
        detail: { ...cb },
      });
      deps.warn?.('M-PESA callback for no attempt we know: reported to admins', {
        checkoutRequestId: cb.checkoutRequestId,
        resultCode: cb.resultCode,
      });
      return { result: 'unknownCheckout' };
    }
    if (cb.resultCode === 1037) {
      const found = await attemptById(db, attemptId);
      if (found && OPEN_ATTEMPT.includes(found.attempt.status)) {
        await unknownAfterCallback(found.attempt, cb.resultDesc);
        return { result: 'unknown', attemptId };
      }
    }
    const settled = await settle(
      attemptId,
      {
        resultCode: cb.resultCode,
        resultDesc: cb.resultDesc,
        receipt: cb.receipt,
        amount: cb.amount,
        phone: cb.phone,
        source: 'callback',
        at,
      },
      false,
    );
    return { result: settled.changed ? 'settled' : 'duplicate', attemptId };
  }

  return {
    simulated,
    gateway,
    settle,
    notify,
    check,
    callback,

    /** payment.request: order + attempt, then the push; the learner hears prompted, alreadyPending or unavailable. */
    async request(order: Omit<NewOrder, 'simulated' | 'at'>) {
      const at = clock.now();
      const opened = await openOrder(db, { ...order, simulated, at });
      const planId = order.plan.id;
      if (opened.kind === 'alreadyPending') {
        const data = {
          ...(opened.order ? { orderId: opened.order.id } : {}),
          planId,
          status: 'alreadyPending',
          simulated,
        };
        await tell(order.userId, `mpesa:request:${order.userId}:${order.requestId}:alreadyPending`, data);
        return data;
      }
      const { attempt } = opened;
      let status: 'prompted' | 'unavailable';
      if (attempt.status === 'requested' && opened.kind === 'created') {
        const pushed = await gateway.stkPush({
          phone: attempt.phone,
          amount: attempt.amount,
          accountReference: `LL${opened.order.id.slice(0, 8)}`,
          description: planId,
        });
        if (pushed.ok) {
          const nextCheckAt = new Date(clock.now().getTime() + gateway.firstCheckAfterMs);
          await markPrompted(
            db,
            attempt.id,
            { checkoutRequestId: pushed.checkoutRequestId, merchantRequestId: pushed.merchantRequestId },
            nextCheckAt,
            clock.now(),
          );
          await scheduleCheck(attempt.id, nextCheckAt);
          status = 'prompted';
        } else {
          deps.warn?.('M-PESA prompt could not be sent', { orderId: opened.order.id, reason: pushed.reason });
          await markUnavailable(db, attempt, pushed.reason, clock.now());
          status = 'unavailable';
        }
      } else if (attempt.status === 'requested') {
        // Run again after a crash mid-push: whether that push reached the phone is unknown, and a
        // second one could charge twice; a callback for it is reported as an unknown checkout.
        await markUnavailable(db, attempt, 'interrupted before Daraja answered the push', clock.now());
        status = 'unavailable';
      } else {
        status = attempt.status === 'unavailable' ? 'unavailable' : 'prompted';
      }
      const data = { orderId: opened.order.id, planId, status, simulated };
      await tell(order.userId, `mpesa:${opened.order.id}:${status}`, data);
      return data;
    },

    /** Every STK query now due, and any outcome a crash kept from the learner; returns how many queries ran. */
    async runDue(): Promise<number> {
      const due = await dueChecks(db, clock.now());
      for (const id of due) await check(id);
      for (const id of await unnotifiedAttempts(db)) await notify(id);
      return due.length;
    },
  };
}

export type PaymentDesk = ReturnType<typeof paymentDesk>;
