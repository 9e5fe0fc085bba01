/*
 * The `ops-alerts` cron: every minute (pg-boss runs one job per tick across every process) it
 * stores the errors counted since the last flush, measures the rules, and notifies admins of each
 * open alert whose notice it can claim (once per breach, then not again within the cool-down).
 */
import type { PgBoss } from 'pg-boss';
import type { Database } from '../../db/client.js';
import { claimAlertNotice } from '../../db/repositories/ops-alerts.js';
import type { OpsAlert } from '../../db/schema/operations.js';
import type { AlertsConfig } from '../config/alerts.js';
import type { ErrorTracker } from '../errors-tracking/tracker.js';
import type { Logger } from '../logger.js';
import { checkAlerts } from './check.js';

export const ALERTS_QUEUE = 'ops-alerts';
export const ALERTS_CRON = '* * * * *';

export interface AlertJobDeps {
  db: Database;
  config: AlertsConfig;
  logger: Logger;
  tracker?: ErrorTracker;
  notify: (alert: OpsAlert) => Promise<void>;
  now?: () => Date;
}

/** One evaluation: returns the rules it notified about. */
export async function evaluateAlerts(deps: AlertJobDeps): Promise<string[]> {
  const now = deps.now?.() ?? new Date();
  await deps.tracker?.flush();
  const { open } = await checkAlerts({ db: deps.db, config: deps.config, logger: deps.logger, now });
  const notified: string[] = [];
  for (const alert of open) {
    if (!(await claimAlertNotice(deps.db, alert.rule, now, deps.config.cooldownMinutes))) continue;
    await deps.notify(alert);
    notified.push(alert.rule);
  }
  return notified;
}

export async function scheduleAlertChecks(boss: PgBoss, deps: AlertJobDeps): Promise<string> {
  await boss.createQueue(ALERTS_QUEUE);
  await boss.schedule(ALERTS_QUEUE, ALERTS_CRON, null, { tz: 'UTC', retryLimit: 0 });
  return boss.work(ALERTS_QUEUE, { pollingIntervalSeconds: 15 }, async () => ({
    notified: await evaluateAlerts(deps),
  }));
}
