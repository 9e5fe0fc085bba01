import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { paymentLedger, paymentOrders, subscriptions } from '../../db/schema/index.js';
import { TEST_POSTGRES_URL, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { paymentRig, type PaymentRig } from '../../tests/harness/payments.js';

// Two app processes on one PostgreSQL, each with its own pool: PGlite has one connection and
// cannot show a missing lock (DESIGN.md, engine rule 2), so this runs on PostgreSQL only.
describe('two processes receiving the same M-PESA callback at once (PostgreSQL)', () => {
  let database: TestDatabase;
  let second: DatabaseHandle;
  let one: PaymentRig;
  let two: PaymentRig;

  beforeAll(async () => {
    database = await testDatabase('postgres');
    second = await openDatabase({ kind: 'postgres', url: TEST_POSTGRES_URL, schema: database.schema });
    one = await paymentRig(database);
    two = await paymentRig({ ...second, cleanup: async () => {} });
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await second?.close();
    await database?.cleanup();
  });

  it('settles each payment once: one ledger entry, one subscription, one learner event, both answered Accepted', async () => {
    const orders: { orderId: string; userId: string; body: unknown }[] = [];
    for (let i = 0; i < 20; i++) {
      const learner = await one.learner(`+2547110000${String(i).padStart(2, '0')}`);
      await one.call(learner.id, 'payment.request', {
        requestId: `race${i}`,
        planId: 'premium-week',
        phone: learner.phone,
      });
      const checkout = one.fake.lastPush().checkoutRequestId;
      const code = i % 4 === 3 ? 1032 : 0;
      orders.push({
        orderId: one.payments(learner.id)[0]!.orderId as string,
        userId: learner.id,
        body: one.fake.callbackBody(checkout, {
          resultCode: code,
          receipt: `TLKRACE${String(i).padStart(3, '0')}`,
        }),
      });
    }
    const answers = await Promise.all(
      orders.flatMap(({ body }) => [
        one.callback(body),
        two.callback(body),
        one.callback(body),
        two.callback(body),
      ]),
    );
    expect(
      answers.every((a) => a.status === 200 && a.body === '{"ResultCode":0,"ResultDesc":"Accepted"}'),
    ).toBe(true);
    for (const [i, order] of orders.entries()) {
      const outcomes = [...one.payments(order.userId), ...two.payments(order.userId)].filter(
        (e) => e.status !== 'prompted',
      );
      expect(outcomes.map((e) => e.status)).toEqual([i % 4 === 3 ? 'cancelled' : 'confirmed']);
      const [ledger] = await database.db
        .select({ n: count() })
        .from(paymentLedger)
        .where(eq(paymentLedger.orderId, order.orderId));
      const [subs] = await database.db
        .select({ n: count() })
        .from(subscriptions)
        .where(eq(subscriptions.orderId, order.orderId));
      expect([ledger!.n, subs!.n]).toEqual(i % 4 === 3 ? [0, 0] : [1, 1]);
    }
    const paid = await database.db
      .select({ n: count() })
      .from(paymentOrders)
      .where(eq(paymentOrders.status, 'paid'));
    expect(paid[0]!.n).toBe(15);
  });

  it('two purchases by one learner at once: one order is opened, the other hears alreadyPending', async () => {
    const learner = await one.learner('+254712999999');
    await Promise.all([
      one.call(learner.id, 'payment.request', {
        requestId: 'a',
        planId: 'premium-week',
        phone: learner.phone,
      }),
      two.call(learner.id, 'payment.request', {
        requestId: 'b',
        planId: 'money-course',
        phone: learner.phone,
      }),
    ]);
    const statuses = [...one.payments(learner.id), ...two.payments(learner.id)].map((e) => e.status).sort();
    expect(statuses).toEqual(['alreadyPending', 'prompted']);
    const pending = await database.db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.userId, learner.id));
    expect(pending).toHaveLength(1);
  });
});
