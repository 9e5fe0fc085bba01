import pino from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATABASES,
  TEST_POSTGRES_URL,
  testDatabase,
  type DriverKind,
  type TestDatabase,
} from '../../tests/harness/db.js';
import { startScheduler, type Scheduler } from './pgboss.js';

const QUEUES = ['lesson-due', 'quiz-reminder', 'slow'];
/** The smallest polling interval pg-boss accepts, so workers notice jobs quickly. */
const FAST_POLL = { pollingIntervalSeconds: 0.5 };

/** Rejects when `promise` has not settled within `ms`, so a lost job fails the test instead of hanging it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

interface SchedulerUnderTest {
  scheduler: Scheduler;
  database: TestDatabase;
  bossSchema: string;
  cleanup(): Promise<void>;
}

async function startTestScheduler(kind: DriverKind): Promise<SchedulerUnderTest> {
  const database = await testDatabase(kind, { migrate: false });
  const bossSchema = database.schema ? `${database.schema}_boss` : 'pgboss';
  const scheduler = await startScheduler({
    database,
    logger: pino({ level: 'silent' }),
    queues: QUEUES,
    connectionString: database.url,
    schema: bossSchema,
    stopTimeoutMs: 5_000,
  });
  return {
    scheduler,
    database,
    bossSchema,
    async cleanup() {
      await scheduler.stop();
      await database.cleanup();
      if (kind === 'postgres') {
        const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop schema if exists ${bossSchema} cascade`);
        await admin.end();
      }
    },
  };
}

async function jobState(t: SchedulerUnderTest, id: string): Promise<string | undefined> {
  const text = `select state from ${t.bossSchema}.job where id = $1`;
  const rows =
    t.database.kind === 'pglite'
      ? (await t.database.pglite!.query<{ state: string }>(text, [id])).rows
      : await t.database.client!.unsafe<{ state: string }[]>(text, [id]);
  return rows[0]?.state;
}

describe.each(DATABASES)('scheduler on %s', (kind) => {
  let t: SchedulerUnderTest;
  let scheduler: Scheduler;
  // One pg-boss per driver for the jobs tests: installing its schema on PGlite takes seconds.
  beforeAll(async () => {
    t = await startTestScheduler(kind);
    scheduler = t.scheduler;
  });
  afterAll(() => t.cleanup());

  it('is healthy once started and created every queue', async () => {
    expect(await scheduler.ping()).toBe(true);
    const queues = await scheduler.boss.getQueues(QUEUES);
    expect(queues.map((queue) => queue.name).sort()).toEqual([...QUEUES].sort());
  });

  it('delivers a sent job to its worker with its data', async () => {
    const received = deferred<unknown>();
    await scheduler.boss.work<{ learnerId: string }>('lesson-due', FAST_POLL, async ([job]) => {
      received.resolve(job?.data);
    });
    await scheduler.boss.send('lesson-due', { learnerId: 'amina' });
    expect(await within(received.promise, 10_000, 'lesson-due job')).toEqual({ learnerId: 'amina' });
  });

  it('holds a job sent for later until its time, and cancels it on request', async () => {
    const dueAt = new Date(Date.now() + 2 * 3600 * 1000);
    const id = await scheduler.boss.sendAfter('quiz-reminder', { learnerId: 'baraka' }, null, dueAt);
    expect(id).toBeTruthy();

    expect(await scheduler.boss.fetch('quiz-reminder')).toEqual([]);
    const [waiting] = await scheduler.boss.findJobs('quiz-reminder', { id: id! });
    expect(waiting?.state).toBe('created');
    expect(waiting?.startAfter.getTime()).toBeGreaterThanOrEqual(dueAt.getTime() - 1000);

    await scheduler.boss.cancel('quiz-reminder', id!);
    const [cancelled] = await scheduler.boss.findJobs('quiz-reminder', { id: id! });
    expect(cancelled?.state).toBe('cancelled');
  });
});

describe.each(DATABASES)('stopping the scheduler on %s', (kind) => {
  let t: SchedulerUnderTest;
  let scheduler: Scheduler;
  beforeAll(async () => {
    t = await startTestScheduler(kind);
    scheduler = t.scheduler;
  });
  afterAll(() => t.cleanup());

  it('lets a job in progress finish before stopping, then reports itself down', async () => {
    const started = deferred();
    const release = deferred();
    await scheduler.boss.work('slow', FAST_POLL, async () => {
      started.resolve();
      await release.promise;
    });
    const id = await scheduler.boss.send('slow', {});
    await within(started.promise, 10_000, 'slow job start');

    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    expect(await scheduler.ping()).toBe(false);
    // A negative can only be shown over some time: stop must still be waiting a moment later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false);
    release.resolve();
    await within(stopping, 10_000, 'graceful stop');

    expect(await jobState(t, id!)).toBe('completed');
  });
});
