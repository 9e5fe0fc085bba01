/*
 * M-PESA reconciliation on pg-boss. Decisions: one delayed job per STK query (its id made from the
 * attempt and due time, so a retry of the scheduling adds none); a sweep every minute as a safety net
 * (queries whose job was lost, outcomes a crash kept from the learner); the nightly settlement at
 * 03:30 Nairobi time, when nobody is paying. pg-boss runs a cron once per tick across processes.
 */
import { createHash } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../engine/ports.js';
import type { Logger } from '../logger.js';
import type { PaymentDesk, PaymentJobs } from '../payments/desk.js';
import type { MpesaGateway } from '../payments/gateway.js';
import { settleNightly } from '../payments/nightly.js';

export const PAYMENT_CHECK_QUEUE = 'payment-check';
export const PAYMENT_SWEEP_QUEUE = 'payment-sweep';
export const PAYMENT_NIGHTLY_QUEUE = 'payment-nightly';
export const PAYMENT_SWEEP_CRON = '* * * * *';
export const PAYMENT_NIGHTLY_CRON = '30 3 * * *';

/** The same attempt and due time always make the same job id: scheduling twice adds one job. */
function jobIdOf(attemptId: string, at: Date): string {
  const hex = createHash('sha256').update(`${attemptId}:${at.getTime()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function pgBossPaymentJobs(boss: PgBoss): PaymentJobs {
  return {
    async checkAt(attemptId, at) {
      await boss.sendAfter(
        PAYMENT_CHECK_QUEUE,
        { attemptId },
        { id: jobIdOf(attemptId, at), retryLimit: 3, retryBackoff: true },
        at,
      );
    },
  };
}

export async function workPayments(
  boss: PgBoss,
  parts: { desk: PaymentDesk; gateway: MpesaGateway; db: Database; clock: Clock; logger: Logger },
  pollingIntervalSeconds = 2,
): Promise<void> {
  const { desk, logger } = parts;
  for (const queue of [PAYMENT_CHECK_QUEUE, PAYMENT_SWEEP_QUEUE, PAYMENT_NIGHTLY_QUEUE])
    await boss.createQueue(queue);
  await boss.schedule(PAYMENT_SWEEP_QUEUE, PAYMENT_SWEEP_CRON, null, { tz: 'UTC', retryLimit: 0 });
  await boss.schedule(PAYMENT_NIGHTLY_QUEUE, PAYMENT_NIGHTLY_CRON, null, {
    tz: 'Africa/Nairobi',
    retryLimit: 2,
  });
  await boss.work<{ attemptId: string }>(
    PAYMENT_CHECK_QUEUE,
    { pollingIntervalSeconds, batchSize: 5 },
    async (jobs) => {
      for (const job of jobs) await desk.check(job.data.attemptId);
    },
  );
  await boss.work(PAYMENT_SWEEP_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    const ran = await desk.runDue();
    if (ran > 0) logger.info({ ran }, 'payment sweep ran overdue STK queries');
  });
  await boss.work(PAYMENT_NIGHTLY_QUEUE, { pollingIntervalSeconds: 60 }, async () => {
    const report = await settleNightly({
      db: parts.db,
      desk,
      gateway: parts.gateway,
      clock: parts.clock,
      warn: (message, detail) => logger.warn(detail, message),
    });
    logger.info(report, 'nightly payment settlement');
    return report;
  });
}
