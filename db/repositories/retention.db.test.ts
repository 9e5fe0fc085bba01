import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { cutoffsAt } from '../../adapters/retention/prune.js';
import {
  activityLog,
  deliveryStatuses,
  inboundMessages,
  outbox,
  paymentOrders,
  timers,
  users,
} from '../schema/index.js';
import { pruneOldRows } from './retention.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const OLD = new Date('2026-01-10T00:00:00Z'); // 142 days before NOW: past 90 days, within 365
const ANCIENT = new Date('2025-03-01T00:00:00Z'); // past 365 days
const RECENT = new Date('2026-05-20T00:00:00Z');
const KEEP = { inboundDays: 90, outboxDays: 90, statusDays: 90, activityDays: 365 };

forEachDatabase((driver) => {
  describe(`pruning old rows on ${driver}`, () => {
    let database: TestDatabase;
    let amina: string;
    let paying: string;
    const ids: Record<string, number> = {};

    beforeAll(async () => {
      database = await testDatabase(driver);
      const { db } = database;
      const learners = await db
        .insert(users)
        .values([{ phone: '+254700000101' }, { phone: '+254700000102' }])
        .returning({ id: users.id });
      amina = learners[0]!.id;
      paying = learners[1]!.id;
      await db.insert(paymentOrders).values({
        userId: paying!,
        requestId: 'r1',
        planId: 'premium-week',
        amount: 50,
        period: 'week',
        courses: 'premium',
        phone: '+254700000102',
      });
      let n = 0;
      const inbound = (name: string, userId: string, at: Date, status: 'pending' | 'processed') =>
        db
          .insert(inboundMessages)
          .values({
            channel: 'twilio',
            providerId: `${name}-${++n}`,
            userId,
            event: {},
            status,
            receivedAt: at,
          })
          .returning({ id: inboundMessages.id });
      for (let i = 0; i < 5; i++) await inbound('old', amina!, OLD, 'processed');
      ids.inboundPending = (await inbound('waiting', amina!, OLD, 'pending'))[0]!.id;
      ids.inboundRecent = (await inbound('recent', amina!, RECENT, 'processed'))[0]!.id;
      ids.inboundPaying = (await inbound('paying', paying!, OLD, 'processed'))[0]!.id;

      type Status = 'pending' | 'sending' | 'sent' | 'dead' | 'held';
      const send = async (userId: string, at: Date, status: Status, providerId?: string) =>
        (
          await db
            .insert(outbox)
            .values({
              userId,
              turn: 1,
              channel: 'twilio',
              recipient: '+2547',
              payload: { text: 'hi' },
              status,
              createdAt: at,
              providerId,
            })
            .returning({ id: outbox.id })
        )[0]!.id;
      ids.sentOld = await send(amina!, OLD, 'sent', 'SMold');
      await send(amina!, OLD, 'sent');
      await send(amina!, OLD, 'dead');
      ids.sending = await send(amina!, OLD, 'sending', 'SMsending');
      ids.held = await send(amina!, OLD, 'held');
      ids.pending = await send(amina!, OLD, 'pending');
      ids.sentRecent = await send(amina!, RECENT, 'sent');
      ids.sentPaying = await send(paying!, OLD, 'sent');

      const status = (providerId: string, at: Date, outboxId?: number) => ({
        channel: 'twilio',
        providerId,
        status: 'delivered' as const,
        updatedAt: at,
        outboxId,
      });
      await db.insert(deliveryStatuses).values([
        status('SMold', OLD, ids.sentOld),
        status('SMsending', OLD), // the sender may still ask about this message
        status('SMheld', OLD, ids.held),
        status('SMrecent', RECENT),
      ]);

      await db.insert(activityLog).values([
        { userId: amina!, turn: 1, kind: 'old', createdAt: ANCIENT },
        { userId: amina!, turn: 2, kind: 'within a year', createdAt: OLD },
      ]);
      const timer = (
        id: string,
        status: 'pending' | 'fired' | 'cancelled',
        dueAt: Date,
        createdAt: Date,
      ) => ({
        id,
        userId: amina!,
        name: 'lesson.daily',
        flowRun: 'root',
        dueAt,
        status,
        turn: 1,
        createdAt,
      });
      await db
        .insert(timers)
        .values([
          timer('fired-old', 'fired', OLD, OLD),
          timer('pending-old', 'pending', OLD, OLD),
          timer('cancelled-due-later', 'cancelled', RECENT, OLD),
          timer('fired-recent', 'fired', RECENT, RECENT),
        ]);
    }, 60_000);
    afterAll(() => database?.cleanup());

    it('deletes old rows in batches and keeps recent ones and what is still needed', async () => {
      const deleted = await pruneOldRows(database.db, cutoffsAt(KEEP, NOW), 2);
      expect(deleted).toEqual({
        inbound_messages: 5,
        outbox: 3,
        delivery_statuses: 1,
        activity_log: 1,
        timers: 1,
      });
      const { db } = database;
      const left = async <T>(rows: Promise<T[]>) => (await rows).length;
      expect(
        (await db.select({ id: inboundMessages.id }).from(inboundMessages)).map((r) => r.id).sort(),
      ).toEqual([ids.inboundPending, ids.inboundRecent, ids.inboundPaying].sort());
      expect((await db.select({ id: outbox.id }).from(outbox)).map((r) => r.id).sort()).toEqual(
        [ids.sending, ids.held, ids.pending, ids.sentRecent, ids.sentPaying].sort(),
      );
      expect(
        (await db.select({ p: deliveryStatuses.providerId }).from(deliveryStatuses)).map((r) => r.p).sort(),
      ).toEqual(['SMheld', 'SMrecent', 'SMsending']);
      expect((await db.select({ kind: activityLog.kind }).from(activityLog)).map((r) => r.kind)).toEqual([
        'within a year',
      ]);
      expect((await db.select({ id: timers.id }).from(timers)).map((r) => r.id).sort()).toEqual([
        'cancelled-due-later',
        'fired-recent',
        'pending-old',
      ]);
      expect(await left(db.select().from(users))).toBe(2);
    });

    it('a second run finds nothing more, and 0 days keeps a table for ever', async () => {
      expect(Object.values(await pruneOldRows(database.db, cutoffsAt(KEEP, NOW)))).toEqual([0, 0, 0, 0, 0]);
      const forever = cutoffsAt({ inboundDays: 0, outboxDays: 0, statusDays: 0, activityDays: 0 }, NOW);
      expect(forever).toEqual({});
    });
  });
});
