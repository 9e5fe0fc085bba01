import type { Database } from '../../db/client.js';
import { errorsSince } from '../../db/repositories/error-groups.js';
import { openOpsAlerts, reconcileAlerts } from '../../db/repositories/ops-alerts.js';
import { opsMeasures, type OpsMeasures } from '../../db/repositories/ops-measures.js';
import type { AlertsConfig } from '../config/alerts.js';
import type { Logger } from '../logger.js';
import { readAlerts, type AlertReading } from './rules.js';

export interface AlertCheck {
  measures: OpsMeasures;
  errors: number;
  readings: AlertReading[];
  open: Awaited<ReturnType<typeof openOpsAlerts>>;
}

/**
 * Measures, applies the rules and records breaches: a breach that opens is logged (warn) once,
 * one that ends is logged (info) once, whichever process or page render saw it first. The
 * overview and system pages call it on render; the `ops-alerts` cron every minute.
 */
export async function checkAlerts(deps: {
  db: Database;
  config: AlertsConfig;
  logger: Logger;
  now: Date;
}): Promise<AlertCheck> {
  const { db, config, logger, now } = deps;
  const since = new Date(now.getTime() - config.windowMinutes * 60_000);
  const [measures, errors] = await Promise.all([opsMeasures(db, since, now), errorsSince(db, since)]);
  const readings = readAlerts(measures, errors, config);
  const { opened, closed } = await reconcileAlerts(db, readings, now);
  for (const alert of opened)
    logger.warn(
      { alert: alert.rule, value: alert.value, threshold: alert.threshold },
      `alert: ${alert.message}`,
    );
  for (const alert of closed) logger.info({ alert: alert.rule }, `alert cleared: ${alert.rule}`);
  return { measures, errors, readings, open: await openOpsAlerts(db) };
}
