import type { EnvReader } from '../config/env.js';

export interface BackupConfig {
  /** Folder the backups go to (`BACKUP_DIR`, default ./backups). */
  dir: string;
  /** How many of the newest backups to keep (`BACKUP_KEEP`, default 14). */
  keep: number;
  /** A cron expression (UTC) for the scheduled backup (`BACKUP_CRON`); unset, none is scheduled. */
  cron?: string;
  /** Folder holding pg_dump and pg_restore (`BACKUP_PG_BIN`); unset, PATH. */
  pgBin?: string;
}

const CRON_FIELD = /^[\d*/,\-A-Za-z?#LW]+$/;

/** Five fields, minute to weekday, as pg-boss (cron-parser) reads them. */
export function isCron(value: string): boolean {
  const fields = value.split(/\s+/);
  return fields.length === 5 && fields.every((field) => CRON_FIELD.test(field));
}

export function backupConfig(read: EnvReader): BackupConfig {
  const cron = read.optional('BACKUP_CRON');
  if (cron !== undefined && !isCron(cron)) {
    read.problems.push(
      `BACKUP_CRON="${cron}" is not valid: expected five cron fields (minute hour day month weekday, UTC), e.g. "15 2 * * *" for 02:15 every day`,
    );
  }
  const pgBin = read.optional('BACKUP_PG_BIN');
  return {
    dir: read.string('BACKUP_DIR', 'backups'),
    keep: read.integer('BACKUP_KEEP', 14, 1, 10000),
    ...(cron !== undefined && isCron(cron) ? { cron } : {}),
    ...(pgBin ? { pgBin } : {}),
  };
}
