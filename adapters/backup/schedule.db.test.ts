import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { migrate } from '../../db/migrator.js';
import { forEachDatabase, TEST_POSTGRES_URL } from '../../tests/harness/db.js';
import { startScheduler, type Scheduler } from '../scheduler/pgboss.js';
import { BACKUP_QUEUE, backupSourceOf, scheduleBackups } from './schedule.js';

const silent = pino({ level: 'silent' });

forEachDatabase((driver) => {
  describe(`the scheduled backup on ${driver}`, () => {
    const name = `test_backup_cron_${randomBytes(5).toString('hex')}`;
    const url = Object.assign(new URL(TEST_POSTGRES_URL), { pathname: `/${name}` }).toString();
    const dir = mkdtempSync(join(tmpdir(), 'learnloop-cron-'));
    let database: DatabaseHandle;
    let scheduler: Scheduler;

    beforeAll(async () => {
      if (driver === 'postgres') {
        const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
        await admin.unsafe(`create database ${name}`);
        await admin.end();
      }
      database = await openDatabase(driver === 'postgres' ? { kind: 'postgres', url } : { kind: 'pglite' });
      await migrate(database.db);
      scheduler = await startScheduler({
        database,
        logger: silent,
        queues: [],
        connectionString: driver === 'postgres' ? url : undefined,
        stopTimeoutMs: 5_000,
      });
    }, 60_000);
    afterAll(async () => {
      await scheduler?.stop();
      await database?.close();
      if (driver === 'postgres') {
        const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('without BACKUP_CRON schedules nothing', async () => {
      const source = backupSourceOf(database, url);
      expect(await scheduleBackups(scheduler.boss, source, { dir, keep: 3 }, silent)).toBe(false);
      expect(await scheduler.boss.getSchedules(BACKUP_QUEUE)).toEqual([]);
    });

    it('with BACKUP_CRON runs a pg-boss cron job whose worker writes a backup', async () => {
      const source = backupSourceOf(database, url);
      const config = { dir, keep: 3, cron: '15 2 * * *' };
      expect(await scheduleBackups(scheduler.boss, source, config, silent, 0.5)).toBe(true);
      const [schedule] = await scheduler.boss.getSchedules(BACKUP_QUEUE);
      expect(schedule).toMatchObject({ name: BACKUP_QUEUE, cron: '15 2 * * *', timezone: 'UTC' });

      // What the cron tick does at 02:15: queue one job, which the worker runs.
      await scheduler.boss.send(BACKUP_QUEUE, null);
      const ext =
        driver === 'postgres' ? /^learnloop-\d{8}T\d{6}Z\.dump$/ : /^learnloop-\d{8}T\d{6}Z\.tar\.gz$/;
      await vi.waitFor(() => expect(readdirSync(dir)).toEqual([expect.stringMatching(ext)]), {
        timeout: 30_000,
        interval: 100,
      });
    });
  });
});
