import pino from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { activityLog, users } from '../../db/schema/index.js';
import { SimClock } from '../../engine/clock.js';
import {
  forEachDatabase,
  TEST_POSTGRES_URL,
  testDatabase,
  type TestDatabase,
} from '../../tests/harness/db.js';
import { startScheduler, type Scheduler } from '../scheduler/pgboss.js';
import { RETENTION_CRON, RETENTION_QUEUE, RETENTION_TZ, schedulePrune } from './prune.js';

const silent = pino({ level: 'silent' });

forEachDatabase((driver) => {
  describe(`the nightly prune job on ${driver}`, () => {
    let database: TestDatabase;
    let scheduler: Scheduler;
    const bossSchema = `boss_prune_${driver}_${process.pid}`;

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

    it('runs nightly as a pg-boss cron job whose worker deletes rows past their days', async () => {
      const [learner] = await database.db.insert(users).values({ phone: '+254700000201' }).returning();
      await database.db.insert(activityLog).values([
        { userId: learner!.id, turn: 1, kind: 'two years ago', createdAt: new Date('2024-06-01T00:00:00Z') },
        { userId: learner!.id, turn: 2, kind: 'last week', createdAt: new Date('2026-05-25T00:00:00Z') },
      ]);
      const config = { inboundDays: 90, outboxDays: 90, statusDays: 90, activityDays: 365 };
      const clock = new SimClock('2026-06-01T00:00:00Z');
      await schedulePrune(scheduler.boss, { db: database.db, config, clock, logger: silent }, 0.5);
      const [schedule] = await scheduler.boss.getSchedules(RETENTION_QUEUE);
      expect(schedule).toMatchObject({ name: RETENTION_QUEUE, cron: RETENTION_CRON, timezone: RETENTION_TZ });

      // What the cron tick does at 02:40 Nairobi: queue one job, which the worker runs.
      await scheduler.boss.send(RETENTION_QUEUE, null);
      await vi.waitFor(
        async () =>
          expect((await database.db.select().from(activityLog)).map((row) => row.kind)).toEqual([
            'last week',
          ]),
        { timeout: 10_000, interval: 100 },
      );
    });
  });
});
