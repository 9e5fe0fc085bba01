import type { DeliveryStore, StatusReport } from '../../db/repositories/delivery.js';
import type { OutboxStore } from '../../engine/ports.js';
import type { Logger } from '../logger.js';

/** WhatsApp error codes that change what the product does next (DESIGN.md, WhatsApp facts). */
export const OPTED_OUT_CODES = new Set(['21610', '63014']);
export const OUTSIDE_WINDOW_CODE = '63016';
export const RATE_LIMITED_CODE = '63018';

export interface StatusDeps {
  store: DeliveryStore;
  /** Where a refused message is put back as its template or held: the sender's own rule. */
  outbox: Pick<OutboxStore, 'refusedOutsideWindow' | 'queueFallback'>;
  logger: Logger;
  /** Pauses sends from this channel for a few seconds (63018: the sender exceeded its rate). */
  pause: (channel: string, seconds: number) => Promise<void>;
  /** Wakes the sender (a message was put back to be sent as a template). */
  nudge: () => void;
  now?: () => Date;
  /** How long to wait before looking again for a message the sender had not recorded yet. */
  lateLookupMs?: number;
}

/**
 * Records a delivery status (idempotent, never backwards) and reacts once to the errors that
 * matter: an opted-out or blocked learner gets nothing more, a message refused outside the
 * 24-hour window goes again as its template (or waits), a rate-limit error slows the sender,
 * and any other failure of a message that promised something queues its apology (`fallback`).
 */
export function statusHandler(deps: StatusDeps): (report: StatusReport) => Promise<void> {
  return async (report) => {
    const lookLater = () =>
      new Promise((resolve) => setTimeout(resolve, deps.lateLookupMs ?? 500)).then(() =>
        deps.store.findOutbox(report.channel, report.providerId),
      );
    const recorded = await deps.store.record(report);
    if (!recorded.advanced || !report.errorCode) return;
    const code = report.errorCode;
    const log = { channel: report.channel, providerId: report.providerId, code };
    if (OPTED_OUT_CODES.has(code) && report.recipient) {
      if (await deps.store.optOut(report.recipient)) deps.logger.info(log, 'learner opted out or blocked us');
    } else if (code === OUTSIDE_WINDOW_CODE) {
      // The refusal can race the sender's own write of the message id: look once more a little later
      // (the sender also checks for a recorded refusal when it writes).
      const outbox = recorded.outbox ?? (await lookLater());
      if (!outbox || outbox.asTemplate) {
        deps.logger.warn(log, 'message refused outside the 24-hour window');
        return;
      }
      const outcome = await deps.outbox.refusedOutsideWindow(outbox.id, deps.now?.() ?? new Date());
      deps.logger.info({ ...log, outcome }, 'message refused outside the 24-hour window: resent or held');
      deps.nudge();
    } else if (code === RATE_LIMITED_CODE) {
      await deps.pause(report.channel, 2);
      deps.logger.warn(log, 'the channel says we send too fast: pausing its sender');
    } else if (report.status === 'failed' || report.status === 'undelivered') {
      // Accepted, then refused (a document WhatsApp would not take, an unreachable phone …).
      const outbox = recorded.outbox ?? (await lookLater());
      const apology = outbox ? await deps.outbox.queueFallback(outbox.id, deps.now?.() ?? new Date()) : false;
      deps.logger.warn({ ...log, apology }, 'the channel could not deliver a message');
      if (apology) deps.nudge();
    }
  };
}
