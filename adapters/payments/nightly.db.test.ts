import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentAlerts, paymentAttempts, paymentOrders, subscriptions } from '../../db/schema/index.js';
import {
  forEachDatabase,
  TEST_POSTGRES_URL,
  testDatabase,
  type TestDatabase,
} from '../../tests/harness/db.js';
import { paymentRig, type PaymentRig } from '../../tests/harness/payments.js';
import { startScheduler, type Scheduler } from '../scheduler/pgboss.js';
import {
  PAYMENT_CHECK_QUEUE,
  PAYMENT_NIGHTLY_CRON,
  PAYMENT_NIGHTLY_QUEUE,
  PAYMENT_SWEEP_QUEUE,
  pgBossPaymentJobs,
  workPayments,
} from '../scheduler/payments.js';
import { settleNightly } from './nightly.js';

forEachDatabase((driver) => {
  describe(`nightly settlement and pg-boss reconciliation jobs on ${driver}`, () => {
    let database: TestDatabase;
    let rig: PaymentRig;
    let requests = 0;

    beforeAll(async () => {
      database = await testDatabase(driver);
      rig = await paymentRig(database);
    });
    afterAll(async () => {
      await rig?.stop();
      await database?.cleanup();
    });

    async function prompted() {
      const learner = await rig.learner();
      await rig.call(learner.id, 'payment.request', {
        requestId: `n${++requests}`,
        planId: 'premium-week',
        phone: learner.phone,
      });
      return {
        ...learner,
        orderId: rig.payments(learner.id)[0]!.orderId as string,
        checkout: rig.fake.lastPush().checkoutRequestId,
      };
    }
    const nightly = () =>
      settleNightly({
        db: database.db,
        desk: rig.services.payments,
        gateway: rig.services.payments.gateway,
        clock: rig.clock,
      });

    it('settles what M-PESA now knows, gives up on the rest after a day and reports it to admins', async () => {
      const known = await prompted();
      const lost = await prompted();
      const fresh = { at: rig.clock.now() };
      rig.clock.advance(25 * 3600_000);
      const recent = await prompted();
      rig.fake.complete(known.checkout, { resultCode: 0 });
      expect(await nightly()).toEqual({ settled: 1, unresolved: 1, mismatches: 0 });
      expect(rig.payments(known.id)[1]).toMatchObject({ status: 'confirmed' });
      expect(rig.payments(lost.id)[1]).toMatchObject({ status: 'failed', resultCode: 1037 });
      expect(rig.payments(recent.id)).toHaveLength(1);
      const [order] = await database.db
        .select()
        .from(paymentOrders)
        .where(eq(paymentOrders.id, lost.orderId));
      expect(order!.status).toBe('failed');
      const [alert] = await database.db
        .select()
        .from(paymentAlerts)
        .where(eq(paymentAlerts.orderId, lost.orderId));
      expect(alert).toMatchObject({ kind: 'unresolved', detail: { amount: 50, phone: lost.phone } });
      expect(fresh.at < rig.clock.now()).toBe(true);
      // The money turns out to have moved after all: the late callback is an alert, not silence.
      await rig.callback(rig.fake.callbackBody(lost.checkout, { resultCode: 0, receipt: 'TLKLATE777' }));
      const alerts = await database.db
        .select()
        .from(paymentAlerts)
        .where(eq(paymentAlerts.orderId, lost.orderId));
      expect(alerts.map((a) => a.kind).sort()).toEqual(['lateOutcomeDisagrees', 'unresolved']);
    });

    it('moves a subscription past its end to grace, and past the 3-day grace to expired', async () => {
      const buyer = await prompted();
      await rig.callback(rig.fake.callbackBody(buyer.checkout, { resultCode: 0, receipt: 'TLKAGE0001' }));
      const status = async () =>
        (await database.db.select().from(subscriptions).where(eq(subscriptions.orderId, buyer.orderId)))[0];
      expect((await status())?.status).toBe('active');
      rig.clock.advance(8 * 24 * 3600_000); // a day past the week
      await nightly();
      const inGrace = (await status())!;
      expect(inGrace.status).toBe('grace');
      expect(inGrace.graceUntil!.getTime() - inGrace.periodEnd!.getTime()).toBe(3 * 24 * 3600_000);
      rig.clock.advance(2 * 24 * 3600_000);
      await nightly();
      expect((await status())?.status).toBe('expired');
    });

    it('checks the books and reports a confirmed payment missing from the ledger', async () => {
      const buyer = await prompted();
      await rig.callback(rig.fake.callbackBody(buyer.checkout, { resultCode: 0, receipt: 'TLKBOOKS01' }));
      const [attempt] = await database.db
        .select()
        .from(paymentAttempts)
        .where(eq(paymentAttempts.orderId, buyer.orderId));
      await database.db.execute(sql`delete from payment_ledger where attempt_id = ${attempt!.id}`);
      const report = await nightly();
      expect(report.mismatches).toBe(1);
      const [alert] = await database.db
        .select()
        .from(paymentAlerts)
        .where(eq(paymentAlerts.attemptId, attempt!.id));
      expect(alert).toMatchObject({
        kind: 'ledgerMismatch',
        detail: { problem: 'confirmed payment without a ledger entry' },
      });
    });

    it('schedules each STK query as a pg-boss job at its time, the minute sweep and the nightly run', async () => {
      const bossSchema = `boss_pay_${driver}_${process.pid}`;
      const scheduler: Scheduler = await startScheduler({
        database,
        logger: pino({ level: 'silent' }),
        queues: [],
        connectionString: database.url,
        schema: bossSchema,
        stopTimeoutMs: 5_000,
      });
      try {
        await workPayments(scheduler.boss, {
          desk: rig.services.payments,
          gateway: rig.services.payments.gateway,
          db: database.db,
          clock: rig.clock,
          logger: pino({ level: 'silent' }),
        });
        const at = new Date(Date.now() + 90_000);
        const jobs = pgBossPaymentJobs(scheduler.boss);
        await jobs.checkAt('0b7f6c1e-0000-4000-8000-000000000001', at);
        await jobs.checkAt('0b7f6c1e-0000-4000-8000-000000000001', at); // a retried scheduling adds none
        const found = await scheduler.boss.findJobs(PAYMENT_CHECK_QUEUE, {
          data: { attemptId: '0b7f6c1e-0000-4000-8000-000000000001' },
        });
        expect(found).toHaveLength(1);
        expect(Math.abs(new Date(found[0]!.startAfter).getTime() - at.getTime())).toBeLessThan(1000);
        const [nightlySchedule] = await scheduler.boss.getSchedules(PAYMENT_NIGHTLY_QUEUE);
        expect(nightlySchedule).toMatchObject({
          cron: PAYMENT_NIGHTLY_CRON,
          options: expect.objectContaining({ tz: 'Africa/Nairobi' }),
        });
        expect(await scheduler.boss.getSchedules(PAYMENT_SWEEP_QUEUE)).toHaveLength(1);
      } finally {
        await scheduler.stop();
        if (driver === 'postgres') {
          const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
          await admin.unsafe(`drop schema if exists ${bossSchema} cascade`);
          await admin.end();
        }
      }
    });
  });
});
