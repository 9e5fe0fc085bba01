import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  paymentHistory,
  paymentLedger,
  paymentOrders,
  paymentRefunds,
  subscriptions,
} from '../../../db/schema/index.js';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';
import { CALLBACK_SECRET, paymentRig, type PaymentRig } from '../../../tests/harness/payments.js';
import { adminRefundRoutes } from './admin-payments.js';

forEachDatabase((driver) => {
  describe(`refunds, alerts and support requests for admins on ${driver}`, () => {
    let test: TestApp;
    let rig: PaymentRig;
    let owner: Record<string, string>;

    beforeAll(async () => {
      test = await createTestApp({ driver });
      rig = await paymentRig(test.database);
      test.app.route('/admin/api/payments', adminRefundRoutes(test.deps, rig.refunds));
      owner = await test.authHeader('owner');
    });
    afterAll(async () => {
      await rig?.stop();
      await test?.cleanup();
    });

    const send = async (method: string, path: string, body?: unknown, headers = owner) => {
      const response = await test.app.request(path, {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    async function paidOrder(receipt: string) {
      const learner = await rig.learner();
      await rig.call(learner.id, 'payment.request', {
        requestId: receipt,
        planId: 'premium-week',
        phone: learner.phone,
      });
      const orderId = rig.payments(learner.id)[0]!.orderId as string;
      await rig.callback(
        rig.fake.callbackBody(rig.fake.lastPush().checkoutRequestId, { resultCode: 0, receipt }),
      );
      return { ...learner, orderId };
    }

    it('refunds through the Reversal API, completes on its result, and never beyond what was paid', async () => {
      const { orderId } = await paidOrder('TLKREFUND1');
      const asked = await send('POST', `/admin/api/payments/${orderId}/refund`, {
        reason: 'paid by mistake',
        amount: 20,
      });
      expect(asked).toMatchObject({ status: 202, body: { ok: true, status: 'requested' } });
      expect(rig.fake.reversals.at(-1)).toMatchObject({ TransactionID: 'TLKREFUND1', Amount: 20 });
      const [refund] = await test.database.db
        .select()
        .from(paymentRefunds)
        .where(eq(paymentRefunds.orderId, orderId));
      const result = {
        Result: {
          ResultType: 0,
          ResultCode: 0,
          ResultDesc: 'Processed',
          ConversationID: refund!.conversationId,
        },
      };
      expect((await rig.callback(result, CALLBACK_SECRET, '/reversal')).status).toBe(200);
      expect((await rig.callback(result, CALLBACK_SECRET, '/reversal')).status).toBe(200);
      const ledger = await test.database.db
        .select()
        .from(paymentLedger)
        .where(eq(paymentLedger.orderId, orderId));
      expect(ledger.map((l) => [l.kind, l.amount])).toEqual([
        ['payment', 50],
        ['refund', -20],
      ]);
      expect(
        await send('POST', `/admin/api/payments/${orderId}/refund`, { reason: 'again', amount: 40 }),
      ).toMatchObject({
        status: 409,
        body: { error: { message: 'at most 30 KES of this order can still be refunded' } },
      });
      // The rest: the order is refunded and its access ends.
      await send('POST', `/admin/api/payments/${orderId}/refund`, { reason: 'the rest' });
      const [second] = (
        await test.database.db.select().from(paymentRefunds).where(eq(paymentRefunds.orderId, orderId))
      ).filter((r) => r.status === 'requested');
      await rig.callback(
        { Result: { ResultCode: 0, ConversationID: second!.conversationId } },
        CALLBACK_SECRET,
        '/reversal',
      );
      const [order] = await test.database.db
        .select()
        .from(paymentOrders)
        .where(eq(paymentOrders.id, orderId));
      const [access] = await test.database.db
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.orderId, orderId));
      expect([order!.status, access!.status]).toEqual(['refunded', 'refunded']);
    });

    it('refunds are for owners, for paid orders only', async () => {
      const operator = await test.authHeader('operator');
      const { orderId } = await paidOrder('TLKREFUND2');
      expect(
        (await send('POST', `/admin/api/payments/${orderId}/refund`, { reason: 'x'.repeat(5) }, operator))
          .status,
      ).toBe(403);
      const learner = await rig.learner();
      await rig.call(learner.id, 'payment.request', {
        requestId: 'pending',
        planId: 'premium-week',
        phone: learner.phone,
      });
      const pending = rig.payments(learner.id)[0]!.orderId as string;
      expect(
        await send('POST', `/admin/api/payments/${pending}/refund`, { reason: 'nothing paid' }),
      ).toMatchObject({
        status: 409,
        body: { error: { message: 'the order is pending: nothing was paid to refund' } },
      });
      expect((await send('POST', '/admin/api/payments/not-an-id/refund', { reason: 'hello' })).status).toBe(
        404,
      );
    });

    it('lists alerts and resolves them, and moves a support request open → in progress → resolved, recording each move', async () => {
      await rig.callback(
        rig.fake.callbackBody('ws_CO_nobody', {
          resultCode: 0,
          receipt: 'TLKNOBODY1',
          amount: 5,
          phone: '254700000000',
        }),
      );
      const alerts = await send('GET', '/admin/api/payments/alerts');
      expect(alerts.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'unknownCheckout' })]),
      );
      // An operator resolves it: it leaves the list; resolving again, or an unknown alert, says why.
      const alert = (alerts.body.items as { id: number; kind: string }[]).find(
        (a) => a.kind === 'unknownCheckout',
      )!;
      expect(await send('POST', `/admin/api/payments/alerts/${alert.id}/resolve`)).toMatchObject({
        status: 200,
        body: { id: alert.id, resolved: true },
      });
      const left = await send('GET', '/admin/api/payments/alerts');
      expect((left.body.items as { id: number }[]).map((a) => a.id)).not.toContain(alert.id);
      const again = await send('POST', `/admin/api/payments/alerts/${alert.id}/resolve`);
      expect(again).toMatchObject({
        status: 409,
        body: { error: { message: expect.stringMatching(/^the alert was already resolved at \d{4}-/) } },
      });
      expect((await send('POST', '/admin/api/payments/alerts/999999/resolve')).status).toBe(404);
      expect((await send('POST', '/admin/api/payments/alerts/abc/resolve')).status).toBe(404);
      const learner = await rig.learner();
      await rig.call(learner.id, 'payment.support', { text: 'My payment did not unlock the course' });
      const list = await send('GET', '/admin/api/payments/support?status=open');
      const [request] = list.body.items as { id: string; text: string }[];
      expect(request).toMatchObject({ text: 'My payment did not unlock the course', status: 'open' });
      expect(
        await send('PATCH', `/admin/api/payments/support/${request!.id}`, { status: 'in_progress' }),
      ).toMatchObject({ status: 200 });
      expect(
        await send('PATCH', `/admin/api/payments/support/${request!.id}`, { status: 'open' }),
      ).toMatchObject({
        status: 409,
        body: { error: { message: 'the request is in_progress: it can move to resolved' } },
      });
      expect(
        (await send('PATCH', `/admin/api/payments/support/${request!.id}`, { status: 'resolved' })).status,
      ).toBe(200);
      const moves = await test.database.db
        .select()
        .from(paymentHistory)
        .where(eq(paymentHistory.subjectId, request!.id));
      expect(moves.map((m) => m.toStatus)).toEqual(['open', 'in_progress', 'resolved']);
    });
  });
});
