import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from '../../db/client.js';
import { migrate } from '../../db/migrator.js';
import { deliveryStore } from '../../db/repositories/delivery.js';
import { rowsOf } from '../../db/rows.js';
import { forEachDatabase, TEST_POSTGRES_URL } from '../../tests/harness/db.js';
import { writePaymentHistory } from '../../tests/harness/payment-history.js';
import { runTranscriptFile } from '../simulator/transcript.js';
import { backupDatabase, type BackupSource } from './backup.js';
import { tableChecksums } from '../../db/repositories/database-catalog.js';
import { restoreDatabase, type RestoreTarget } from './restore.js';

/** Real use on the source database: a learner's week of lessons through the engine, payments, statuses. */
async function seed(handle: DatabaseHandle): Promise<void> {
  const shared = { ...handle, cleanup: async () => {} };
  // One transcript per database: each simulation numbers its timers from 1.
  for (const file of ['lesson.week-of-lessons.yaml']) {
    const result = await runTranscriptFile(join('tests/conversations', file), {
      openDatabase: async () => shared,
    });
    expect(result.ok, result.mismatch?.problem).toBe(true);
  }
  await writePaymentHistory(handle.db, 40, new Date('2026-03-01T08:00:00Z'));
  const sent = rowsOf<{ id: number }>(await handle.db.execute('select id from outbox order by id limit 5'));
  for (const { id } of sent) {
    await deliveryStore(handle.db).record({
      channel: 'twilio',
      providerId: `SM${id}`,
      status: 'delivered',
      outboxId: id,
      at: new Date('2026-03-02T08:00:00Z'),
    });
  }
}

/** A database of its own per role: a new database on the test server, or a PGlite folder. */
function places(driver: 'postgres' | 'pglite') {
  const suffix = randomBytes(5).toString('hex');
  const work = mkdtempSync(join(tmpdir(), 'learnloop-backup-'));
  const urlOf = (name: string) => {
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const names = { source: `test_backup_${suffix}`, target: `test_restore_${suffix}` };
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  return {
    work,
    backups: join(work, 'backups'),
    source: (driver === 'postgres'
      ? { kind: 'postgres', url: urlOf(names.source) }
      : { kind: 'pglite', dir: join(work, 'source') }) as DatabaseTarget & RestoreTarget,
    target: (driver === 'postgres'
      ? { kind: 'postgres', url: urlOf(names.target) }
      : { kind: 'pglite', dir: join(work, 'restored') }) as DatabaseTarget & RestoreTarget,
    async create() {
      if (driver === 'postgres')
        for (const name of Object.values(names)) await admin.unsafe(`create database ${name}`);
    },
    async drop() {
      if (driver === 'postgres')
        for (const name of Object.values(names))
          await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

forEachDatabase((driver) => {
  describe(`backup and restore on ${driver}`, () => {
    const place = places(driver);
    let before: Awaited<ReturnType<typeof tableChecksums>>;
    let file: string;

    beforeAll(async () => {
      await place.create();
      const source = await openDatabase(place.source);
      await migrate(source.db);
      await seed(source);
      before = await tableChecksums(source.db);
      await source.close();
    }, 120_000);
    afterAll(() => place.drop());

    it('backs up, restores into an empty database, and every table matches row for row', async () => {
      const backup = await backupDatabase(place.source as BackupSource, { dir: place.backups, keep: 14 });
      expect(backup.file).toMatch(driver === 'postgres' ? /learnloop-\d{8}T\d{6}Z\.dump$/ : /\.tar\.gz$/);
      file = backup.file;

      const restored = await restoreDatabase(file, place.target);
      const copy = await openDatabase(place.target);
      const after = await tableChecksums(copy.db);
      await copy.close();

      expect(restored.tables).toBe(before.length);
      const rows = Object.fromEntries(before.map((t) => [t.table, t.rows]));
      for (const table of ['users', 'conversations', 'inbound_messages', 'outbox', 'activity_log'])
        expect(rows[`public.${table}`], table).toBeGreaterThan(0);
      for (const table of ['lesson_completions', 'quiz_attempts', 'payment_orders', 'delivery_statuses'])
        expect(rows[`public.${table}`], table).toBeGreaterThan(0);
      expect(after).toEqual(before);
    });

    it('refuses a target that already has tables, and leaves it as it was', async () => {
      await expect(restoreDatabase(file, place.target)).rejects.toThrow(
        driver === 'postgres'
          ? /the target database has \d+ table\(s\) \(.+ and \d+ more\): restore only writes into an empty database/
          : /is not empty: restore only writes into an empty database/,
      );
      const copy = await openDatabase(place.target);
      expect(await tableChecksums(copy.db)).toEqual(before);
      await copy.close();
    });

    it('refuses a missing file and a file of the other format, naming them', async () => {
      const missing = join(place.work, 'nope.dump');
      await expect(restoreDatabase(missing, place.target)).rejects.toThrow(
        `${missing} does not exist: give the path of a backup`,
      );
      const other = driver === 'postgres' ? 'an embedded (PGlite) backup' : 'a PostgreSQL dump';
      const foreign = join(place.work, 'foreign');
      writeFileSync(foreign, driver === 'postgres' ? Buffer.from([0x1f, 0x8b, 8, 0]) : 'PGDMP\u0001');
      await expect(restoreDatabase(foreign, place.target)).rejects.toThrow(`it is ${other}`);
    });

    it('keeps the newest BACKUP_KEEP backups', async () => {
      const made = [readdirSync(place.backups)[0]!];
      for (const [i, at] of ['2026-01-01', '2026-01-02', '2026-01-03'].entries()) {
        const result = await backupDatabase(place.target as BackupSource, {
          dir: place.backups,
          keep: 2,
          now: new Date(`${at}T01:00:0${i}Z`),
        });
        expect(existsSync(result.file)).toBe(true);
        made.push(basename(result.file));
      }
      expect(readdirSync(place.backups).sort()).toEqual(made.sort().slice(-2));
    });
  });
});
