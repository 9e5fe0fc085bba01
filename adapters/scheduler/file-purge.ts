/*
 * Generated files (exports of everything about a learner, charts) are deleted once expired.
 * Decisions: a pg-boss cron job every hour at minute 17 (UTC; off the hour, when daily lessons
 * go out), with one hour's grace after expiry so a link opened just too late still answers
 * "expired" (410) rather than "not found". pg-boss runs a cron job once per tick across all
 * processes, so several app processes purge once.
 */
import type { PgBoss } from 'pg-boss';
import type { FileStore } from '../files/store.js';
import type { Logger } from '../logger.js';

export const FILE_PURGE_QUEUE = 'generated-files-purge';
export const FILE_PURGE_CRON = '17 * * * *';
export const FILE_PURGE_GRACE_MS = 60 * 60 * 1000;

/** The job's work: deletes expired files and says how many. */
export function purgeExpiredFiles(files: FileStore, logger: Logger) {
  return async function purgeExpiredFiles(): Promise<{ deleted: number }> {
    const deleted = await files.purgeExpired(FILE_PURGE_GRACE_MS);
    if (deleted > 0) logger.info({ deleted }, 'expired generated files deleted');
    return { deleted };
  };
}

/** Schedules the hourly purge (idempotent: a restart replaces the schedule) and works its jobs. */
export async function scheduleFilePurge(
  boss: PgBoss,
  files: FileStore,
  logger: Logger,
  pollingIntervalSeconds = 30,
): Promise<string> {
  await boss.createQueue(FILE_PURGE_QUEUE);
  await boss.schedule(FILE_PURGE_QUEUE, FILE_PURGE_CRON, null, { tz: 'UTC', retryLimit: 2 });
  const purge = purgeExpiredFiles(files, logger);
  return boss.work(FILE_PURGE_QUEUE, { pollingIntervalSeconds }, async () => purge());
}
