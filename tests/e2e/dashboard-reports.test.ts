import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentRefundPages } from '../../adapters/admin/payments-refund-routes.js';
import { progressRepository } from '../../db/repositories/progress.js';
import { usersRepository } from '../../db/repositories/users.js';
import { inboundMessages } from '../../db/schema/index.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { raiseAlert } from '../../db/repositories/payments.js';
import { openSupportRequest } from '../../db/repositories/payments-support.js';
import {
  noChromium,
  startDashboardBrowser,
  WIDTHS,
  type DashboardBrowser,
} from '../harness/dashboard-browser.js';
import { paymentRig, type PaymentRig } from '../harness/payments.js';

const catalog = contentCatalog();

describe.skipIf(noChromium)('analytics and payments in chromium', () => {
  let browser: DashboardBrowser;
  let rig: PaymentRig;
  let orderId: string;

  beforeAll(async () => {
    browser = await startDashboardBrowser({ extra: { catalog: { ...catalog, refresh: async () => {} } } });
    const { test } = browser;
    // Something to count: two learners in Money basics who wrote, one finished its first lesson.
    const progress = progressRepository(test.database.db);
    const users = usersRepository(test.database.db);
    const lesson = catalog.lessons('money-basics')[0]!.slug;
    for (const [i, phone] of ['+254712000055', '+254712000066'].entries()) {
      const { id } = await users.create({ phone, name: `Learner ${i + 1}` });
      await users.update(id, { learningState: { courses: ['money-basics'], course: 'money-basics' } });
      await test.database.db.insert(inboundMessages).values({
        channel: 'twilio',
        providerId: `SMe2e${i}`,
        userId: id,
        status: 'processed',
        event: { type: 'message', message: { kind: 'text', text: 'Hi' } },
      });
      if (i === 0)
        await progress.recordLessonCompletion({
          userId: id,
          course: 'money-basics',
          lesson,
          startedAt: null,
          completedAt: new Date(),
          secondsSpent: 60,
          at: new Date(),
        });
    }
    rig = await paymentRig(test.database);
    // The refund action needs the runtime's refunds; mounted before the first request, as runtime.ts does.
    test.app.route('/admin', paymentRefundPages(test.deps, rig.refunds));
    const learner = await rig.learner('+254712000077');
    await rig.call(learner.id, 'payment.request', {
      requestId: 'r1',
      planId: 'premium-week',
      phone: learner.phone,
    });
    orderId = rig.payments(learner.id)[0]!.orderId as string;
    const push = rig.fake.lastPush().checkoutRequestId;
    await rig.callback(rig.fake.callbackBody(push, { resultCode: 0, receipt: 'TLKE2E0001' }));
    await openSupportRequest(test.database.db, {
      userId: learner.id,
      requestKey: 'e2e-help',
      text: 'I paid twice for the same week, please help',
      at: new Date('2026-03-02T08:00:00Z'),
    });
    await raiseAlert(test.database.db, {
      kind: 'amountMismatch',
      dedupeKey: 'e2e-alert',
      at: new Date('2026-03-02T08:05:00Z'),
      detail: { paid: 5 },
      orderId,
    });
  }, 60_000);
  afterAll(async () => {
    await rig?.stop();
    await browser?.close();
  });

  it('an owner refunds a payment through fake Daraja and downloads the refunds as CSV', async () => {
    const page = await browser.openPage(1280);
    await browser.signIn(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payments' }).click();
    await page.getByRole('heading', { name: 'Orders and attempts', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Refund…' }).click();
    await page.getByRole('heading', { name: 'Refund a payment' }).waitFor();
    await page.getByLabel('Amount to refund (KES)').fill('30');
    await page.getByLabel('Reason').fill('paid twice');
    await page.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => page.locator('#confirm-problem').textContent()).toContain('Tick the box');
    // The unconfirmed form came back as a 400 page, which Chromium logs; nothing else may complain.
    expect(browser.complaints.splice(0)).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    await page.getByLabel(/Send this money back/).check();
    await page.getByRole('button', { name: 'Refund' }).click();
    await page.getByText('Refund sent to M-PESA.').waitFor();
    expect(rig.fake.reversals).toMatchObject([{ TransactionID: 'TLKE2E0001', Amount: 30 }]);
    await expect.poll(() => page.getByRole('cell', { name: 'paid twice' }).count()).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('refunds.csv');
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe('asked_at,phone,plan,amount_kes,status,reason,asked_by,order_id');
    expect(csv[1]).toMatch(
      new RegExp(`,'\\+254712000077,premium-week,30,requested,paid twice,admin:[^,]+,${orderId}$`),
    );
    expect(browser.complaints).toEqual([]);
    await page.context().close();
  });

  it('every analytics and payments page fits a phone and a desktop', async () => {
    const pages = [
      ['analytics-funnel', '/admin/analytics'],
      ['analytics-retention', '/admin/analytics/retention'],
      ['analytics-engagement', '/admin/analytics/engagement'],
      ['analytics-items', '/admin/analytics/items'],
      ['analytics-weekly', '/admin/analytics/weekly'],
      ['payments-orders', '/admin/payments'],
      ['payments-subscriptions', '/admin/payments/subscriptions'],
      ['payments-refunds', '/admin/payments/refunds'],
      ['payments-support', '/admin/payments/support'],
      ['payments-alerts', '/admin/payments/alerts'],
      ['payments-refund-form', `/admin/payments/orders/${orderId}/refund`],
    ] as const;
    for (const width of WIDTHS) {
      const page = await browser.openPage(width);
      await browser.signIn(page);
      for (const [name, path] of pages) {
        const response = await page.goto(`${browser.base}${path}`);
        expect({ path, status: response!.status() }).toEqual({ path, status: 200 });
        await browser.shoot(page, name, width);
      }
      await page.context().close();
    }
    expect(browser.complaints).toEqual([]);
  }, 120_000);
});
