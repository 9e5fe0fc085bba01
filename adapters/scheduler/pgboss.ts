import { PgBoss, fromPglite, type ConstructorOptions } from 'pg-boss';
import type { DatabaseHandle } from '../../db/client.js';
import type { QueueDepth } from '../deps.js';
import type { Logger } from '../logger.js';

export interface SchedulerOptions {
  database: DatabaseHandle;
  logger: Logger;
  /** Queues the app sends to or works on; created at start if missing. */
  queues: readonly string[];
  /** Required on PostgreSQL: pg-boss keeps its own pool (it needs LISTEN and session transactions). */
  connectionString?: string;
  /** Where pg-boss keeps its tables; tests give each run its own. */
  schema?: string;
  /** How long `stop()` waits for jobs in progress before failing them. */
  stopTimeoutMs?: number;
  /** A health check slower than this counts as down. */
  pingTimeoutMs?: number;
}

export interface Scheduler {
  boss: PgBoss;
  ping(): Promise<boolean>;
  queues(): Promise<QueueDepth[]>;
  stop(): Promise<void>;
}

export const DEFAULT_BOSS_SCHEMA = 'pgboss';

function bossOptions(options: SchedulerOptions): ConstructorOptions {
  const schema = options.schema ?? DEFAULT_BOSS_SCHEMA;
  const { database } = options;
  if (database.kind === 'pglite') {
    if (!database.pglite) throw new Error('startScheduler: a PGlite database handle without its engine');
    return { db: fromPglite(database.pglite), backend: 'pglite', schema };
  }
  if (!options.connectionString) throw new Error('startScheduler: PostgreSQL needs connectionString');
  return {
    connectionString: options.connectionString,
    schema,
    max: 4,
    application_name: 'learnloop-scheduler',
  };
}

async function withTimeout<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts pg-boss on the app's own database (embedded or PostgreSQL) and creates the queues. */
export async function startScheduler(options: SchedulerOptions): Promise<Scheduler> {
  const { logger } = options;
  const boss = new PgBoss(bossOptions(options));
  // An 'error' event with no listener would crash the process; pg-boss keeps working after most.
  boss.on('error', (error) => logger.error({ err: error }, 'scheduler (pg-boss) error'));
  boss.on('warning', (warning) => logger.warn({ warning: warning.data }, `scheduler: ${warning.message}`));

  await boss.start();
  let running = true;
  boss.on('stopped', () => {
    running = false;
  });
  for (const queue of options.queues) await boss.createQueue(queue);
  logger.info({ queues: options.queues, driver: options.database.kind }, 'scheduler started');

  const pingTimeoutMs = options.pingTimeoutMs ?? 2000;
  const bossSchema = options.schema ?? DEFAULT_BOSS_SCHEMA;
  return {
    boss,
    async ping() {
      if (!running) return false;
      const query = boss
        .getDb()
        .executeSql('select 1 as ok')
        .then((result) => result.rows.length === 1)
        .catch(() => false);
      return withTimeout(query, pingTimeoutMs, false);
    },
    // Counted from the job table: getQueues()'s counts are a cache the monitor refreshes now and then.
    async queues() {
      const { rows } = await boss.getDb().executeSql(
        `select name,
            count(*) filter (where state in ('created', 'retry') and start_after <= now()) as ready,
            count(*) filter (where state in ('created', 'retry') and start_after > now()) as deferred,
            count(*) filter (where state = 'active') as active,
            count(*) filter (where state = 'failed') as failed
          from ${bossSchema}.job where name not like '\\_\\_pgboss\\_\\_%' group by name order by name`,
      );
      return (rows as Record<string, unknown>[]).map((row) => ({
        name: String(row.name),
        ready: Number(row.ready),
        deferred: Number(row.deferred),
        active: Number(row.active),
        failed: Number(row.failed),
      }));
    },
    async stop() {
      if (!running) return;
      running = false;
      await boss.stop({ graceful: true, timeout: options.stopTimeoutMs ?? 10_000 });
      logger.info('scheduler stopped');
    },
  };
}
