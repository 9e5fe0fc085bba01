import pino from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { startScheduler, type Scheduler } from '../../adapters/scheduler/pgboss.js';
import { pgBossTimers, TIMER_QUEUE, workTimers } from '../../adapters/scheduler/timers.js';
import { rowsOf } from '../../db/rows.js';
import type { Engine } from '../../engine/engine.js';
import { forEachDatabase, TEST_POSTGRES_URL, testDatabase, type TestDatabase } from '../harness/db.js';
import { testEngine } from '../harness/engine.js';
import { keyMessages } from './fixtures/echo-flow.js';
import { reminderRegistry } from './fixtures/reminder-flow.js';

const logger = pino({ level: 'silent' });

forEachDatabase((kind) => {
  describe(`timers through pg-boss on ${kind}`, () => {
    let database: TestDatabase;
    let jobs: Scheduler;
    let engine: Engine;
    const bossSchema = `boss_${Math.random().toString(36).slice(2, 10)}`;

    beforeAll(async () => {
      database = await testDatabase(kind);
      jobs = await startScheduler({
        database,
        logger,
        queues: [TIMER_QUEUE],
        connectionString: database.url,
        schema: bossSchema,
      });
      engine = testEngine(database, {
        registry: reminderRegistry(),
        messages: keyMessages,
        scheduler: pgBossTimers(jobs.boss),
      });
      await workTimers(jobs.boss, engine, logger, 0.5);
    });
    afterAll(async () => {
      await jobs?.stop();
      await database?.cleanup();
      if (kind === 'postgres') {
        const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop schema if exists ${bossSchema} cascade`);
        await admin.end();
      }
    });

    const say = (phone: string, text: string, n: number) =>
      engine.receive({
        type: 'message',
        channel: 'console',
        providerId: `${phone}-${n}`,
        from: phone,
        at: new Date().toISOString(),
        message: { kind: 'text', text },
      });
    const replies = async (phone: string) =>
      rowsOf<{ text: string }>(
        await database.db.execute(
          sql`select o.payload->>'text' as text from outbox o join users u on u.id = o.user_id where u.phone = ${phone} order by o.id`,
        ),
      ).map((r) => r.text);

    it('a due timer job enters the learner turn path once', async () => {
      await say('+254700000020', 'hello', 1);
      await say('+254700000020', 'shortly', 2);
      const fired = await vi.waitFor(
        async () => {
          const texts = await replies('+254700000020');
          if (!texts.includes('reminder.fired')) throw new Error('the timer has not fired yet');
          return texts;
        },
        { timeout: 15_000, interval: 100 },
      );
      expect(fired).toEqual(['reminder.set', 'reminder.fired']);
      const [timer] = rowsOf<{ status: string; job_id: string }>(
        await database.db.execute(sql`select status, job_id from timers`),
      );
      expect(timer).toMatchObject({ status: 'fired' });
      expect(timer!.job_id).toBeTruthy();
    });

    it('cancelling a timer cancels its scheduler job', async () => {
      await say('+254700000021', 'hello', 1);
      await say('+254700000021', 'soon', 2);
      const [timer] = rowsOf<{ job_id: string }>(
        await database.db.execute(sql`select job_id from timers where status = 'pending'`),
      );
      await say('+254700000021', 'cancel', 3);
      const [job] = await jobs.boss.findJobs(TIMER_QUEUE, { id: timer!.job_id });
      expect(job?.state).toBe('cancelled');
    });
  });
});
