import type { Database } from '../../db/client.js';
import { raiseAlert } from '../../db/repositories/payments.js';
import { attemptById, staleAttempts } from '../../db/repositories/payments-queries.js';
import { ageSubscriptions } from '../../db/repositories/payments-age.js';
import { markUnresolved } from '../../db/repositories/payments-settle.js';
import { auditPaymentBooks } from '../../db/repositories/payments-audit.js';
import type { Clock } from '../../engine/ports.js';
import type { PaymentDesk } from './desk.js';
import type { MpesaGateway } from './gateway.js';

/*
 * The nightly settlement. Decisions: every attempt still open a day after it was made gets one
 * last STK query; a final answer settles it, otherwise it becomes `unresolved` (the order fails,
 * the learner hears `failed`, an admin alert says money may have moved). Then the books are
 * checked: every confirmed attempt has exactly one ledger payment and a subscription, and no
 * ledger payment belongs to an attempt that is not confirmed; each mismatch is an alert. Last,
 * subscriptions past their end move to `grace`, past the grace to `expired`.
 */

export const STALE_AFTER_MS = 24 * 3600 * 1000;

export interface NightlyReport {
  settled: number;
  unresolved: number;
  mismatches: number;
}

export async function settleNightly(deps: {
  db: Database;
  desk: PaymentDesk;
  gateway: MpesaGateway;
  clock: Clock;
  warn?: (message: string, detail: Record<string, unknown>) => void;
}): Promise<NightlyReport> {
  const { db, desk, gateway, clock } = deps;
  const report: NightlyReport = { settled: 0, unresolved: 0, mismatches: 0 };
  for (const id of await staleAttempts(db, new Date(clock.now().getTime() - STALE_AFTER_MS))) {
    const found = await attemptById(db, id);
    const checkout = found?.attempt.checkoutRequestId;
    const answer = checkout ? await gateway.stkQuery(checkout) : null;
    if (answer?.kind === 'final') {
      const settled = await desk.settle(id, {
        resultCode: answer.resultCode,
        resultDesc: answer.resultDesc,
        receipt: answer.receipt ?? null,
        source: 'nightly',
        at: clock.now(),
      });
      if (settled.changed) report.settled++;
      continue;
    }
    const reason = answer ? `still unknown after a day: ${answer.reason}` : 'the push was never answered';
    if (await markUnresolved(db, id, reason, clock.now())) {
      report.unresolved++;
      deps.warn?.('payment unresolved after a day: reported to admins', { attemptId: id, reason });
      await desk.notify(id);
    }
  }
  for (const finding of await auditPaymentBooks(db)) {
    report.mismatches++;
    deps.warn?.(`payment books: ${finding.problem}`, { ...finding });
    await raiseAlert(db, {
      kind: 'ledgerMismatch',
      dedupeKey: `audit:${finding.problem}:${finding.attemptId ?? finding.orderId}`,
      attemptId: finding.attemptId,
      orderId: finding.orderId,
      at: clock.now(),
      detail: { problem: finding.problem },
    });
  }
  await ageSubscriptions(db, clock.now());
  return report;
}
