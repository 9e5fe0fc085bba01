import type { OpsAlert } from '../../db/schema/operations.js';
import type { AlertsConfig } from '../config/alerts.js';
import type { Logger } from '../logger.js';

export const WEBHOOK_TIMEOUT_MS = 5000;

/** The JSON an alert webhook receives (docs/operations-alerts.md). */
export interface AlertNotice {
  type: 'learnloop.alert';
  rule: string;
  message: string;
  value: number | null;
  threshold: number | null;
  since: string | null;
  dashboard: string;
}

/**
 * Tells admins about a newly breached rule: a POST of JSON to ALERT_WEBHOOK_URL (Slack, Teams,
 * PagerDuty and most chat tools accept a small JSON body through a relay). A failed POST is logged
 * as a warning, not retried: the next breach after the cool-down tries again.
 */
export function alertNotifier(deps: { config: AlertsConfig; publicBaseUrl: string; logger: Logger }) {
  return async function notifyAdmins(alert: OpsAlert): Promise<void> {
    const notice: AlertNotice = {
      type: 'learnloop.alert',
      rule: alert.rule,
      message: alert.message ?? alert.rule,
      value: alert.value,
      threshold: alert.threshold,
      since: alert.since?.toISOString() ?? null,
      dashboard: `${deps.publicBaseUrl.replace(/\/$/, '')}/admin/system`,
    };
    const url = deps.config.webhookUrl;
    if (!url) return;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(notice),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      if (!res.ok)
        deps.logger.warn({ alert: alert.rule, status: res.status }, 'alert webhook refused the notice');
    } catch (err) {
      deps.logger.warn({ alert: alert.rule, reason: (err as Error).message }, 'alert webhook unreachable');
    }
  };
}
