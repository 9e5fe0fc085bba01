/*
 * The alert rules (docs/operations-alerts.md). Decisions where the issues were silent:
 * - Rates are over the last ALERT_WINDOW_MINUTES; a rate with fewer than ALERT_MIN_SAMPLE
 *   payments or messages behind it does not alert (two failures out of three say little).
 * - Delivery failures are the channel's failed/undelivered reports plus outbox rows the sender
 *   gave up on; payment failures are attempts settled failed, unavailable, mismatch or unresolved.
 * - The payment desk's own alerts (ledger mismatches, money that may have moved, payment_alerts)
 *   are a rule too: breached while any is unresolved, so operators see them beside the others.
 */
import type { AlertsConfig } from '../config/alerts.js';
import type { OpsMeasures } from '../../db/repositories/ops-measures.js';

export type AlertRule =
  'paymentFailures' | 'deliveryFailures' | 'backlogAge' | 'errorSpike' | 'paymentAlerts';

export interface AlertReading {
  rule: AlertRule;
  breached: boolean;
  value: number;
  threshold: number;
  /** One sentence an operator can act on. */
  message: string;
  /** Why a rate that looks high is not judged: too few payments or messages behind it. */
  tooFew?: string;
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

export function readAlerts(m: OpsMeasures, errors: number, config: AlertsConfig): AlertReading[] {
  const window = `the last ${config.windowMinutes} min`;
  const payRate = percent(m.payments.failed, m.payments.settled);
  const sent = m.delivery.reported + m.delivery.dead;
  const failedSends = m.delivery.failed + m.delivery.dead;
  const sendRate = percent(failedSends, sent);
  const backlog = m.backlog.oldestSeconds ?? 0;
  return [
    {
      rule: 'paymentFailures',
      breached: m.payments.settled >= config.minSample && payRate >= config.paymentFailurePercent,
      value: payRate,
      threshold: config.paymentFailurePercent,
      ...(m.payments.settled < config.minSample
        ? { tooFew: `${m.payments.settled} payments, fewer than ${config.minSample}` }
        : {}),
      message: `${payRate}% of payments failed in ${window} (${m.payments.failed} of ${m.payments.settled}); alert at ${config.paymentFailurePercent}%.`,
    },
    {
      rule: 'deliveryFailures',
      breached: sent >= config.minSample && sendRate >= config.deliveryFailurePercent,
      value: sendRate,
      threshold: config.deliveryFailurePercent,
      ...(sent < config.minSample ? { tooFew: `${sent} messages, fewer than ${config.minSample}` } : {}),
      message: `${sendRate}% of messages failed to deliver in ${window} (${failedSends} of ${sent}); alert at ${config.deliveryFailurePercent}%.`,
    },
    {
      rule: 'backlogAge',
      breached: backlog >= config.backlogAgeSeconds,
      value: backlog,
      threshold: config.backlogAgeSeconds,
      message: `The oldest unsent message has waited ${backlog} s (${m.backlog.unsent} unsent); alert at ${config.backlogAgeSeconds} s.`,
    },
    {
      rule: 'errorSpike',
      breached: errors >= config.errorSpike,
      value: errors,
      threshold: config.errorSpike,
      message: `${errors} errors were logged in ${window}; alert at ${config.errorSpike}.`,
    },
    {
      rule: 'paymentAlerts',
      breached: m.openPaymentAlerts > 0,
      value: m.openPaymentAlerts,
      threshold: 1,
      message: `${m.openPaymentAlerts} payment problem(s) wait for an operator (Payments → alerts).`,
    },
  ];
}
