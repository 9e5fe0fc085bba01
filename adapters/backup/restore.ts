/*
 * `npm run restore -- FILE`. Decisions: only into an EMPTY database, so a restore never mixes
 * with or overwrites live data (PostgreSQL: no user table in any schema; PGlite: the data folder
 * absent or empty). PostgreSQL restores in one transaction with --exit-on-error, so a bad file
 * leaves the target as it was; PGlite loads into a sibling folder and renames it into place.
 */
import {
  existsSync,
  openSync,
  readdirSync,
  readSync,
  closeSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { openDatabase } from '../../db/client.js';
import { BackupError } from './errors.js';
import { formatOf } from './files.js';
import { connectionOf, run, type PgTools } from './pg-tools.js';
import { userTables } from '../../db/repositories/database-catalog.js';

export type RestoreTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };

export interface RestoreResult {
  /** Tables in the restored database. */
  tables: number;
}

export async function restoreDatabase(
  file: string,
  target: RestoreTarget,
  tools: PgTools = {},
): Promise<RestoreResult> {
  const format = readFormat(file);
  if (target.kind === 'postgres') {
    if (format !== 'custom') throw wrongFormat(file, format, 'a pg_dump custom-format file (.dump)');
    await refuseTables(target);
    const connection = connectionOf(target.url);
    // Lists the archive's contents first: a truncated or foreign file fails here, before any write.
    await run(tools, 'pg_restore', ['--list', file]);
    await run(
      tools,
      'pg_restore',
      [
        '--exit-on-error',
        '--single-transaction',
        '--no-owner',
        '--no-privileges',
        `--dbname=${connection.url}`,
        file,
      ],
      connection.env,
    );
    return { tables: await countTables(target) };
  }
  if (format !== 'gzip' && format !== 'tar')
    throw wrongFormat(file, format, 'an embedded (PGlite) backup (.tar.gz)');
  if (existsSync(target.dir) && readdirSync(target.dir).length > 0) {
    throw new BackupError(
      `${target.dir} is not empty: restore only writes into an empty database. Move it away first (mv ${target.dir} ${target.dir}.old) or set PGLITE_DIR to a new folder`,
    );
  }
  const staging = join(dirname(target.dir), `.${basename(target.dir)}.restoring-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    const handle = await openDatabase({
      kind: 'pglite',
      dir: staging,
      loadDataDir: new Blob([readFileSync(file)]),
    });
    const tables = (await userTables(handle.db)).length;
    await handle.close();
    if (tables === 0) throw new BackupError(`${file} holds no tables: it is not a LearnLoop backup`);
    rmSync(target.dir, { recursive: true, force: true });
    renameSync(staging, target.dir);
    return { tables };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} could not be loaded as an embedded database: ${(error as Error).message}`);
  }
}

function readFormat(file: string) {
  if (!existsSync(file))
    throw new BackupError(`${file} does not exist: give the path of a backup (ls backups/)`);
  const head = new Uint8Array(512);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return formatOf(head);
}

function wrongFormat(file: string, format: ReturnType<typeof formatOf>, expected: string): BackupError {
  const hint =
    format === 'custom'
      ? 'it is a PostgreSQL dump: restore it with DATABASE_URL set'
      : format === 'gzip' || format === 'tar'
        ? 'it is an embedded (PGlite) backup: restore it with DATABASE_URL unset and PGLITE_DIR naming an empty folder'
        : 'it is not a backup made by npm run backup';
  return new BackupError(`${file} is not ${expected}: ${hint}`);
}

async function withTarget<T>(
  target: { url: string },
  use: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
) {
  const handle = await openDatabase({ kind: 'postgres', url: target.url, max: 1 });
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

async function refuseTables(target: { url: string }): Promise<void> {
  const tables = await withTarget(target, (handle) => userTables(handle.db));
  if (tables.length === 0) return;
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ` and ${tables.length - 5} more` : '');
  throw new BackupError(
    `the target database has ${tables.length} table(s) (${shown}): restore only writes into an empty database. Create one (createdb learnloop_restored) and point DATABASE_URL at it`,
  );
}

const countTables = (target: { url: string }) =>
  withTarget(target, async (handle) => (await userTables(handle.db)).length);
