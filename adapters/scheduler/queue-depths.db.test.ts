import pino from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  forEachDatabase,
  TEST_POSTGRES_URL,
  testDatabase,
  type TestDatabase,
} from '../../tests/harness/db.js';
import { startScheduler, type Scheduler } from './pgboss.js';

forEachDatabase((kind) => {
  describe(`queue depths for /admin/system on ${kind}`, () => {
    let database: TestDatabase;
    let scheduler: Scheduler;
    let schema: string;

    beforeAll(async () => {
      database = await testDatabase(kind, { migrate: false });
      schema = database.schema ? `${database.schema}_boss` : 'pgboss';
      scheduler = await startScheduler({
        database,
        logger: pino({ level: 'silent' }),
        queues: ['lesson-due'],
        connectionString: database.url,
        schema,
      });
    });
    afterAll(async () => {
      await scheduler.stop();
      await database.cleanup();
      if (kind === 'postgres') {
        const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop schema if exists ${schema} cascade`);
        await admin.end();
      }
    });

    it('names each queue with its waiting, later, running and failed jobs', async () => {
      await scheduler.boss.send('lesson-due', { n: 1 });
      await scheduler.boss.send('lesson-due', { n: 2 }, { startAfter: 3600 });
      const [queue] = await scheduler.queues();
      expect(queue).toEqual({ name: 'lesson-due', ready: 1, deferred: 1, active: 0, failed: 0 });
    });
  });
});
