/*
 * Bulk campaigns leave through the outbox in batches, worked by a pg-boss job, never in the
 * operator's request (docs/dashboard.md, /admin/bulk).
 * Decisions:
 * - A batch tops the campaign's unsent outbox rows up to BATCH_SECONDS of sending at WHATSAPP_MPS,
 *   then the job comes back after half that: the sender keeps the rate, and a pause or cancel
 *   leaves at most one batch already queued.
 * - A batch locks its campaign row and takes only pending recipients, so two jobs that meet (a
 *   retry, a resume before the paused chain's last job ran) still hand each learner over once.
 */
import type { PgBoss } from 'pg-boss';
import { enqueueBatch, type BatchResult } from '../../db/repositories/bulk.js';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../engine/ports.js';
import { formatFor, type FormatChannel } from '../channels/format/index.js';
import type { Logger } from '../logger.js';

export const BULK_QUEUE = 'bulk-campaign';
export const BATCH_SECONDS = 10;

/** Starts (or resumes) a campaign's batches. */
export interface BulkJobs {
  start(campaignId: number): Promise<void>;
}

export interface BulkBatchDeps {
  db: Database;
  /** The channel the outbox rows go to (the runtime's outbound channel). */
  channel: string;
  messagesPerSecond: number;
  clock: Clock;
  /** Wakes the sender once rows are queued. */
  nudge?: () => void;
  logger: Logger;
}

/** One batch of a campaign; what it did. */
export function bulkBatch(deps: BulkBatchDeps) {
  return async function bulkBatch(campaignId: number): Promise<BatchResult & { text?: string }> {
    const room = deps.messagesPerSecond * BATCH_SECONDS;
    const result = await enqueueBatch(deps.db, campaignId, {
      channel: deps.channel,
      room,
      now: deps.clock.now(),
      formatText: (body) => formatFor(deps.channel as FormatChannel, { text: body })[0]?.text ?? body,
    });
    if (result.queued > 0) deps.nudge?.();
    deps.logger.info({ campaignId, ...result }, 'bulk campaign batch');
    return result;
  };
}

export const pgBossBulk = (boss: PgBoss): BulkJobs => ({
  async start(campaignId) {
    await boss.send(BULK_QUEUE, { campaignId }, { retryLimit: 5, retryBackoff: true });
  },
});

/** Works the batches: each job queues one and, while recipients remain, sends the next for later. */
export async function workBulk(
  boss: PgBoss,
  deps: BulkBatchDeps,
  pollingIntervalSeconds = 1,
): Promise<string> {
  await boss.createQueue(BULK_QUEUE);
  const batch = bulkBatch(deps);
  return boss.work<{ campaignId: number }>(BULK_QUEUE, { pollingIntervalSeconds }, async (jobs) => {
    for (const job of jobs) {
      const result = await batch(job.data.campaignId);
      if (result.status === 'sending' && result.pending > 0)
        await boss.sendAfter(
          BULK_QUEUE,
          job.data,
          { retryLimit: 5, retryBackoff: true },
          new Date(Date.now() + (BATCH_SECONDS / 2) * 1000),
        );
    }
  });
}
