/*
 * Backup files on disk. Decisions: one name shape for both databases, `learnloop-<UTC stamp>` with
 * `.dump` (pg_dump custom format) or `.tar.gz` (PGlite's data dir), so names sort by time; a
 * backup is written to `<name>.partial` and renamed when complete, so a failed run never leaves a
 * file that looks like a backup; retention counts and deletes only files of that name shape.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export type BackupKind = 'postgres' | 'pglite';

export const BACKUP_EXTENSION: Record<BackupKind, string> = { postgres: '.dump', pglite: '.tar.gz' };
const BACKUP_NAME = /^learnloop-\d{8}T\d{6}(\d{3})?Z\.(dump|tar\.gz)$/;

/** `learnloop-20261206T031500Z.dump`: the UTC time the backup started. */
export function backupFileName(kind: BackupKind, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `learnloop-${stamp}${BACKUP_EXTENSION[kind]}`;
}

/** Backups in `dir`, oldest first (their names sort by time). */
export function listBackups(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((name) => BACKUP_NAME.test(name)).sort();
}

/** Deletes all but the newest `keep` backups; returns the names deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  const backups = listBackups(dir);
  const old = backups.slice(0, Math.max(0, backups.length - keep));
  for (const name of old) rmSync(join(dir, name), { force: true });
  return old;
}

/** What a file is, by its first bytes: a custom-format dump starts `PGDMP`, a gzip stream 1f 8b. */
export function formatOf(head: Uint8Array): 'custom' | 'gzip' | 'tar' | 'unknown' {
  if (Buffer.from(head.subarray(0, 5)).toString('latin1') === 'PGDMP') return 'custom';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar') return 'tar';
  return 'unknown';
}
