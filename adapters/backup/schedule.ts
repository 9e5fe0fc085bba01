/*
 * The scheduled backup. Decisions: only when BACKUP_CRON is set (a backup folder on the app's
 * own disk is no backup until an operator decides where it lives); the cron is read in UTC; one
 * attempt per tick with no retry (the next tick makes a fresh one, and a retry would double the
 * disk use at the worst moment). pg-boss runs a cron job once per tick across all processes.
 * On PGlite it dumps the app's own instance: a second process must not open its folder.
 */
import type { PgBoss } from 'pg-boss';
import type { DatabaseHandle } from '../../db/client.js';
import type { Logger } from '../logger.js';
import { backupDatabase, type BackupResult, type BackupSource } from './backup.js';
import type { BackupConfig } from './config.js';

export const BACKUP_QUEUE = 'database-backup';

export function backupSourceOf(database: DatabaseHandle, url?: string): BackupSource {
  if (database.kind === 'postgres') {
    if (!url) throw new Error('a PostgreSQL backup needs the database URL');
    return { kind: 'postgres', url };
  }
  return { kind: 'pglite', pglite: database.pglite };
}

/** The job's work: one backup, then retention, logged. */
export function scheduledBackup(source: BackupSource, config: BackupConfig, logger: Logger) {
  return async function scheduledBackup(): Promise<BackupResult> {
    try {
      const result = await backupDatabase(source, {
        dir: config.dir,
        keep: config.keep,
        binDir: config.pgBin,
      });
      logger.info({ file: result.file, bytes: result.bytes, deleted: result.deleted }, 'database backed up');
      return result;
    } catch (error) {
      logger.error({ err: error }, 'scheduled database backup failed');
      throw error;
    }
  };
}

/** Schedules the backup when BACKUP_CRON is set (a restart replaces the schedule), or removes an old schedule. */
export async function scheduleBackups(
  boss: PgBoss,
  source: BackupSource,
  config: BackupConfig,
  logger: Logger,
  pollingIntervalSeconds = 60,
): Promise<boolean> {
  await boss.createQueue(BACKUP_QUEUE);
  if (!config.cron) {
    await boss.unschedule(BACKUP_QUEUE);
    return false;
  }
  await boss.schedule(BACKUP_QUEUE, config.cron, null, { tz: 'UTC', retryLimit: 0 });
  const backup = scheduledBackup(source, config, logger);
  await boss.work(BACKUP_QUEUE, { pollingIntervalSeconds }, async () => backup());
  return true;
}
