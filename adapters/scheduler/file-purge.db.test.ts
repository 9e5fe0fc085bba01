import { count, eq } from 'drizzle-orm';
import pino from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generatedFiles } from '../../db/schema/files.js';
import {
  forEachDatabase,
  TEST_POSTGRES_URL,
  testDatabase,
  type TestDatabase,
} from '../../tests/harness/db.js';
import { createFileStore, type FileStore } from '../files/store.js';
import { FILE_PURGE_CRON, FILE_PURGE_QUEUE, purgeExpiredFiles, scheduleFilePurge } from './file-purge.js';
import { startScheduler, type Scheduler } from './pgboss.js';

const silent = pino({ level: 'silent' });
const BYTES = new TextEncoder().encode('%PDF-1.7 a learner export');

forEachDatabase((driver) => {
  describe(`purging expired generated files on ${driver}`, () => {
    let database: TestDatabase;
    let scheduler: Scheduler;
    let files: FileStore;
    let now = new Date('2026-03-02T08:00:00Z');
    const bossSchema = `boss_purge_${driver}_${process.pid}`;

    beforeAll(async () => {
      database = await testDatabase(driver);
      scheduler = await startScheduler({
        database,
        logger: silent,
        queues: [],
        connectionString: database.url,
        schema: bossSchema,
        stopTimeoutMs: 5_000,
      });
      files = createFileStore(database.db, { publicBaseUrl: 'https://learn.example', now: () => now });
    });
    afterAll(async () => {
      await scheduler?.stop();
      await database?.cleanup();
      if (driver === 'postgres') {
        const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop schema if exists ${bossSchema} cascade`);
        await admin.end();
      }
    });

    const stored = async () =>
      (await database.db.select({ name: generatedFiles.filename }).from(generatedFiles))
        .map((f) => f.name)
        .sort();
    const put = (filename: string, ttl: string) =>
      files.put({ bytes: BYTES, contentType: 'application/pdf', filename, ttl });

    it('deletes files more than an hour past expiry and keeps the rest', async () => {
      now = new Date('2026-03-02T05:00:00Z');
      await put('long-gone.pdf', '1h'); // expired 06:00
      now = new Date('2026-03-02T06:30:00Z');
      await put('just-expired.pdf', '1h'); // expired 07:30, within the grace hour at 08:00
      now = new Date('2026-03-02T08:00:00Z');
      await put('fresh.pdf', '24h');

      expect(await purgeExpiredFiles(files, silent)()).toEqual({ deleted: 1 });
      expect(await stored()).toEqual(['fresh.pdf', 'just-expired.pdf']);
    });

    it('runs hourly as a pg-boss cron job whose worker purges', async () => {
      await scheduleFilePurge(scheduler.boss, files, silent, 0.5);
      const [schedule] = await scheduler.boss.getSchedules(FILE_PURGE_QUEUE);
      expect(schedule).toMatchObject({ name: FILE_PURGE_QUEUE, cron: FILE_PURGE_CRON, timezone: 'UTC' });

      now = new Date('2026-03-02T09:00:00Z'); // just-expired.pdf is now 1.5 h past expiry
      // What the cron tick does at 09:17: queue one job, which the worker runs.
      await scheduler.boss.send(FILE_PURGE_QUEUE, null);
      await vi.waitFor(async () => expect(await stored()).toEqual(['fresh.pdf']), {
        timeout: 10_000,
        interval: 100,
      });
      const [left] = await database.db
        .select({ n: count() })
        .from(generatedFiles)
        .where(eq(generatedFiles.filename, 'fresh.pdf'));
      expect(left!.n).toBe(1);
    });
  });
});
