/*
 * `npm run backup` and the scheduled daily backup. Decisions: PostgreSQL is dumped by pg_dump in
 * custom format (compressed, restorable table by table with pg_restore); the embedded PGlite is
 * dumped with its own `dumpDataDir('gzip')`, a tarball of the data dir, from the running instance
 * when there is one (PGlite is single-process: a second process must not open its folder).
 * Retention keeps the newest `keep` backups after each successful one, never before.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { serverVersionNum } from '../../db/repositories/database-catalog.js';
import { BackupError } from './errors.js';
import { backupFileName, pruneBackups, type BackupKind } from './files.js';
import { checkDumpVersion, connectionOf, run, type PgTools } from './pg-tools.js';

export type BackupSource =
  | { kind: 'postgres'; url: string }
  /** `pglite`: the open instance (the app's own); otherwise `dir` is opened for the dump. */
  | { kind: 'pglite'; dir?: string; pglite?: DatabaseHandle['pglite'] };

export interface BackupOptions extends PgTools {
  dir: string;
  keep: number;
  now?: Date;
}

export interface BackupResult {
  file: string;
  bytes: number;
  /** Older backups deleted by retention. */
  deleted: string[];
}

export async function backupDatabase(source: BackupSource, options: BackupOptions): Promise<BackupResult> {
  mkdirSync(options.dir, { recursive: true });
  const kind: BackupKind = source.kind;
  const file = join(options.dir, backupFileName(kind, options.now ?? new Date()));
  if (existsSync(file))
    throw new BackupError(`${file} already exists: wait a second and run the backup again`);
  const partial = `${file}.partial`;
  try {
    if (source.kind === 'postgres') await dumpPostgres(source.url, partial, options);
    else writeFileSync(partial, Buffer.from(await (await dumpPglite(source)).arrayBuffer()));
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return { file, bytes: statSync(file).size, deleted: pruneBackups(options.dir, options.keep) };
}

async function dumpPostgres(url: string, file: string, tools: PgTools): Promise<void> {
  const handle = await openDatabase({ kind: 'postgres', url, max: 1 });
  try {
    await checkDumpVersion(tools, await serverVersionNum(handle.db));
  } finally {
    await handle.close();
  }
  const connection = connectionOf(url);
  await run(
    tools,
    'pg_dump',
    ['--format=custom', `--file=${file}`, `--dbname=${connection.url}`],
    connection.env,
  );
}

async function dumpPglite(source: Extract<BackupSource, { kind: 'pglite' }>): Promise<Blob> {
  if (source.pglite) return source.pglite.dumpDataDir('gzip');
  const dir = source.dir;
  if (!dir || !existsSync(join(dir, 'PG_VERSION'))) {
    throw new BackupError(
      `no embedded database in ${dir ?? '(memory)'}: nothing to back up (set PGLITE_DIR to the folder the app uses, or DATABASE_URL for PostgreSQL)`,
    );
  }
  const handle = await openDatabase({ kind: 'pglite', dir });
  try {
    return await handle.pglite!.dumpDataDir('gzip');
  } finally {
    await handle.close();
  }
}
