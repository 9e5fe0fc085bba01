import type { PgBoss } from 'pg-boss';
import type { DatabaseHandle } from '../../db/client.js';
import { outboxBacklog } from '../../db/repositories/outbox-backlog.js';
import type { MetricSources } from './registry.js';

const STATES = ['queued', 'active', 'deferred', 'failed'] as const;

/** The running parts the scrape-time gauges read: pg-boss queues, the outbox, the pool size. */
export function runtimeSources(database: DatabaseHandle, boss: PgBoss): MetricSources {
  return {
    poolSize: database.poolSize,
    outbox: () => outboxBacklog(database.db),
    async queues() {
      const queues = await boss.getQueues();
      return queues.flatMap((queue) =>
        STATES.map((state) => ({ queue: queue.name, state, jobs: queue[`${state}Count`] ?? 0 })),
      );
    },
  };
}
