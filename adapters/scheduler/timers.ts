import type { PgBoss } from 'pg-boss';
import type { Engine } from '../../engine/engine.js';
import type { Scheduler } from '../../engine/ports.js';
import type { Logger } from '../logger.js';

export const TIMER_QUEUE = 'conversation-timer';

interface TimerJob {
  timerId: string;
  userId: string;
}

/** The engine's Scheduler port on pg-boss: a delayed job per timer, cancelled when the timer is. */
export function pgBossTimers(boss: PgBoss): Scheduler {
  return {
    async schedule(timer) {
      const data: TimerJob = { timerId: timer.id, userId: timer.userId };
      // singletonKey: a crash between scheduling and recording the job id must not fire a timer twice.
      return boss.sendAfter(
        TIMER_QUEUE,
        data,
        { singletonKey: timer.id, retryLimit: 5, retryBackoff: true },
        timer.dueAt,
      );
    },
    async cancel(jobId) {
      await boss.cancel(TIMER_QUEUE, jobId);
    },
  };
}

/** Fired timers enter the same turn path as messages: stored (once per timer id), then run. */
export async function workTimers(
  boss: PgBoss,
  engine: Engine,
  logger: Logger,
  pollingIntervalSeconds = 1,
): Promise<string> {
  return boss.work<TimerJob>(TIMER_QUEUE, { pollingIntervalSeconds, batchSize: 10 }, async (jobs) => {
    for (const job of jobs) {
      await engine.receive({
        type: 'timer',
        timerId: job.data.timerId,
        userId: job.data.userId,
        at: new Date().toISOString(),
      });
      logger.debug({ timerId: job.data.timerId }, 'timer fired');
    }
  });
}
