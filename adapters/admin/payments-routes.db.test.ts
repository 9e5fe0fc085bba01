import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchAdminAudit } from '../../db/repositories/admin-audit.js';
import { raiseAlert } from '../../db/repositories/payments.js';
import { openSupportRequest } from '../../db/repositories/payments-support.js';
import { paymentRefunds, supportRequests } from '../../db/schema/index.js';
import { dashboardClient, type DashboardSession } from '../../tests/harness/dashboard.js';
import { forEachDatabase } from '../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../tests/harness/http-app.js';
import { paymentRig, type PaymentRig } from '../../tests/harness/payments.js';
import { paymentRefundPages } from './payments-refund-routes.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replace(/\s+/g, ' ');

forEachDatabase((driver) => {
  describe(`the payments pages on ${driver}`, () => {
    let test: TestApp;
    let rig: PaymentRig;
    let owner: DashboardSession;
    let operator: DashboardSession;
    const { get, act, signIn } = dashboardClient(() => test);
    const audit = (subject: string) => searchAdminAudit(test.database.db, { subject, page: 1, pageSize: 10 });
    const read = async (path: string, session = owner) => {
      const res = await get(path, session.cookie);
      return { status: res.status, body: await res.text(), location: res.headers.get('location') };
    };
    const refundsOf = (orderId: string) =>
      test.database.db.select().from(paymentRefunds).where(eq(paymentRefunds.orderId, orderId));

    beforeAll(async () => {
      test = await createTestApp({ driver });
      rig = await paymentRig(test.database);
      test.app.route('/admin', paymentRefundPages(test.deps, rig.refunds));
      owner = await signIn('owner');
      operator = await signIn('operator');
    });
    afterAll(async () => {
      await rig?.stop();
      await test?.cleanup();
    });

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

    it('an owner refunds part of a payment through M-PESA after confirming, and the audit says before and after', async () => {
      const { orderId, phone } = await paidOrder('TLKDASH01');
      const orders = await read(`/admin/payments?phone=${encodeURIComponent(phone)}`);
      expect(text(orders.body)).toMatch(/1 order .* premium-week 50 paid confirmed TLKDASH01/);
      expect(orders.body).toContain(`href="/admin/payments/orders/${orderId}/refund"`);

      const form = await read(`/admin/payments/orders/${orderId}/refund`);
      expect(text(form.body)).toContain('Can still be refunded KES 50');
      const path = `/admin/payments/orders/${orderId}/refund`;
      const unconfirmed = await act(owner, path, { amount: '20', reason: 'paid twice' });
      expect(unconfirmed.status).toBe(400);
      expect(text(await unconfirmed.text())).toContain('Tick the box to confirm the money goes back.');
      const tooMuch = await act(owner, path, { amount: '60', reason: 'paid twice', confirm: 'yes' });
      expect(text(await tooMuch.text())).toContain('Write a whole number of KES from 1 to 50');
      const noReason = await act(owner, path, { amount: '20', reason: ' ', confirm: 'yes' });
      expect(text(await noReason.text())).toContain('Write a reason of 3 to 200 characters');
      expect(await refundsOf(orderId)).toEqual([]);
      expect(rig.fake.reversals).toHaveLength(0);

      const done = await act(owner, path, { amount: '20', reason: 'paid twice', confirm: 'yes' });
      expect([done.status, done.headers.get('location')]).toEqual([
        303,
        '/admin/payments/refunds?done=refunded',
      ]);
      expect(rig.fake.reversals.at(-1)).toMatchObject({ TransactionID: 'TLKDASH01', Amount: 20 });
      const [refund] = await refundsOf(orderId);
      expect(refund).toMatchObject({ amount: 20, status: 'requested', reason: 'paid twice' });
      const { items } = await audit(`order:${orderId}`);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        action: 'payment.refunded',
        adminEmail: owner.email,
        before: { orderStatus: 'paid', refundable: 50 },
        after: { refundable: 30, refund: { id: refund!.id, amount: 20, status: 'requested' } },
      });
      const refunds = await read('/admin/payments/refunds?done=refunded');
      expect(text(refunds.body)).toContain('Refund sent to M-PESA.');
      expect(text(refunds.body)).toMatch(/premium-week 20 requested paid twice/);
    });

    it('an operator cannot refund: the form and the action are refused and leave nothing behind', async () => {
      const { orderId } = await paidOrder('TLKDASH02');
      const path = `/admin/payments/orders/${orderId}/refund`;
      expect((await read(path, operator)).status).toBe(403);
      const anonymous = await get(path);
      expect([anonymous.status, anonymous.headers.get('location')]).toEqual([303, '/admin/login']);
      const refused = await act(operator, path, { amount: '50', reason: 'paid twice', confirm: 'yes' });
      expect(refused.status).toBe(403);
      expect(text(await refused.text())).toContain(
        'Only an owner can do this; you are signed in as operator.',
      );
      expect(await refundsOf(orderId)).toEqual([]);
      expect((await audit(`order:${orderId}`)).total).toBe(0);
      expect((await read('/admin/payments', operator)).body).not.toContain('/refund"');
    });

    it('downloads orders as CSV with the filters applied and phone numbers guarded against formulas', async () => {
      const { phone } = await paidOrder('TLKDASH03');
      const res = await get(
        `/admin/payments?status=paid&phone=${encodeURIComponent(phone)}&format=csv`,
        owner.cookie,
      );
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="payment-orders.csv"');
      const [header, row, end] = (await res.text()).split('\r\n');
      expect(header).toBe(
        'created_at,phone,plan,amount_kes,order_status,attempt_status,receipt,result,simulated,order_id',
      );
      expect(row).toMatch(new RegExp(`^[^,]+,'\\${phone},premium-week,50,paid,confirmed,TLKDASH03,`));
      expect(end).toBe('');
      expect((await read('/admin/payments?phone=hello')).status).toBe(400);
      expect(text((await read('/admin/payments?status=lost')).body)).toContain(
        'Status must be one of pending, paid',
      );
    });

    it('moves a support request on and marks a mismatch handled, each once, with an audit entry', async () => {
      const learner = await rig.learner();
      const { id } = await openSupportRequest(test.database.db, {
        userId: learner.id,
        requestKey: 'help-1',
        text: '=I paid but got nothing',
        at: new Date('2026-03-02T08:00:00Z'),
      });
      const list = await read('/admin/payments/support?status=open');
      expect(text(list.body)).toContain('Open =I paid but got nothing');
      expect(list.body).toContain('href="/admin/payments/support?status=open&amp;format=csv"');
      const moved = await act(operator, `/admin/payments/support/${id}/move`, { status: 'in_progress' });
      expect(moved.status).toBe(303);
      const again = await act(operator, `/admin/payments/support/${id}/move`, { status: 'in_progress' });
      expect(again.status).toBe(409);
      expect(text(await again.text())).toContain('The request is In progress: it can move to Resolved.');
      const [row] = await test.database.db.select().from(supportRequests).where(eq(supportRequests.id, id));
      expect(row!.status).toBe('in_progress');
      expect((await audit(`support:${id}`)).items).toMatchObject([
        { action: 'support.moved', before: { status: 'open' }, after: { status: 'in_progress' } },
      ]);
      const csv = await (await get('/admin/payments/support?format=csv', owner.cookie)).text();
      expect(csv).toContain(",'=I paid but got nothing,");

      await raiseAlert(test.database.db, {
        kind: 'amountMismatch',
        dedupeKey: 'dash-alert-1',
        at: new Date('2026-03-02T08:00:00Z'),
        detail: { paid: 5 },
      });
      const alerts = await read('/admin/payments/alerts');
      expect(text(alerts.body)).toContain('amountMismatch {"paid":5}');
      const alertId = /\/admin\/payments\/alerts\/(\d+)\/resolve/.exec(alerts.body)![1]!;
      expect((await act(operator, `/admin/payments/alerts/${alertId}/resolve`)).status).toBe(303);
      expect((await act(operator, `/admin/payments/alerts/${alertId}/resolve`)).status).toBe(409);
      expect(text((await read('/admin/payments/alerts')).body)).toContain('Nothing to look at');
      expect((await audit(`paymentAlert:${alertId}`)).items).toMatchObject([
        { action: 'paymentAlert.resolved' },
      ]);
    });
  });
});
