import { BackupError } from '../adapters/backup/errors.js';
import { restoreDatabase } from '../adapters/backup/restore.js';
import { configOrExit, databaseProblem, describeDatabase } from './lib/bootstrap.js';

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error(
    'Usage: npm run restore -- FILE (a backup made by npm run backup, e.g. backups/learnloop-20261206T021500Z.dump)',
  );
  process.exit(1);
}
const config = configOrExit();
try {
  const restored = await restoreDatabase(file, config.database, { binDir: config.backup.pgBin });
  console.log(`Restored ${file} into ${describeDatabase(config)}: ${restored.tables} tables`);
  console.log('Start the app (npm start): it applies any newer migrations first.');
} catch (error) {
  console.error(
    error instanceof BackupError
      ? `Restore refused: ${error.message}`
      : (databaseProblem(error, config) ?? (error instanceof Error ? error.message : String(error))),
  );
  process.exitCode = 1;
}
