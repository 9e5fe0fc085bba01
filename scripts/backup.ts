import { backupDatabase } from '../adapters/backup/backup.js';
import { BackupError } from '../adapters/backup/errors.js';
import { configOrExit, databaseProblem, describeDatabase } from './lib/bootstrap.js';

// PGlite is single-process: back up the embedded database while the app is stopped (the
// scheduled BACKUP_CRON job backs up the running one from inside the app).
const config = configOrExit();
const { dir, keep, pgBin } = config.backup;
try {
  const result = await backupDatabase(
    config.database.kind === 'postgres' ? config.database : { kind: 'pglite', dir: config.database.dir },
    { dir, keep, binDir: pgBin },
  );
  console.log(`Backed up ${describeDatabase(config)} to ${result.file} (${formatBytes(result.bytes)})`);
  if (result.deleted.length > 0)
    console.log(
      `Deleted ${result.deleted.length} older backup(s), keeping the newest ${keep}: ${result.deleted.join(', ')}`,
    );
} catch (error) {
  console.error(
    error instanceof BackupError
      ? `Backup failed: ${error.message}`
      : (databaseProblem(error, config) ?? (error instanceof Error ? error.message : String(error))),
  );
  process.exitCode = 1;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
