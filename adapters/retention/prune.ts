/*
 * The nightly prune of old rows (db/repositories/retention.ts says what is never deleted).
 * Decisions: a pg-boss cron job at 02:40 Nairobi time, in the quiet hours before the morning
 * lessons and after the 03:30 payment settlement of the night before has long finished; timers
 * follow RETAIN_INBOUND_DAYS (a fired timer is an inbound event of the learner's own clock);
 * a table with 0 days is left alone. pg-boss runs a cron job once per tick across processes.
 */
import type { PgBoss } from 'pg-boss';
import type { Database } from '../../db/client.js';
import { pruneOldRows, type PrunedTable } from '../../db/repositories/retention.js';
import type { Clock } from '../../engine/ports.js';
import type { Logger } from '../logger.js';
import type { RetentionConfig } from './config.js';

export const RETENTION_QUEUE = 'retention-prune';
export const RETENTION_CRON = '40 2 * * *';
export const RETENTION_TZ = 'Africa/Nairobi';

const DAY_MS = 24 * 3600 * 1000;

/** The cutoff per table for a run at `now`; tables kept for ever have none. */
export function cutoffsAt(config: RetentionConfig, now: Date): Partial<Record<PrunedTable, Date>> {
  const before = (days: number) => (days > 0 ? new Date(now.getTime() - days * DAY_MS) : undefined);
  const cutoffs: Partial<Record<PrunedTable, Date>> = {
    inbound_messages: before(config.inboundDays),
    outbox: before(config.outboxDays),
    delivery_statuses: before(config.statusDays),
    activity_log: before(config.activityDays),
    timers: before(config.inboundDays),
  };
  return Object.fromEntries(Object.entries(cutoffs).filter(([, at]) => at)) as typeof cutoffs;
}

/** The job's work: prune every table to its cutoff and log what went. */
export function pruneRetained(parts: {
  db: Database;
  config: RetentionConfig;
  clock: Clock;
  logger: Logger;
  batch?: number;
}) {
  return async function pruneRetained(): Promise<Record<PrunedTable, number>> {
    const deleted = await pruneOldRows(parts.db, cutoffsAt(parts.config, parts.clock.now()), parts.batch);
    parts.logger.info({ deleted }, 'old rows pruned');
    return deleted;
  };
}

/** Schedules the nightly prune (a restart replaces the schedule) and works its jobs. */
export async function schedulePrune(
  boss: PgBoss,
  parts: Parameters<typeof pruneRetained>[0],
  pollingIntervalSeconds = 60,
): Promise<void> {
  await boss.createQueue(RETENTION_QUEUE);
  await boss.schedule(RETENTION_QUEUE, RETENTION_CRON, null, { tz: RETENTION_TZ, retryLimit: 2 });
  const prune = pruneRetained(parts);
  await boss.work(RETENTION_QUEUE, { pollingIntervalSeconds }, async () => prune());
}
