import { Hono, type Context } from 'hono';
import { orderForRefund } from '../../db/repositories/payments-lists.js';
import type { AppDeps } from '../deps.js';
import { UUID } from '../http/routes/admin-query.js';
import type { PaymentRefunds } from '../payments/refunds.js';
import type { DashboardEnv } from './env.js';
import { RefundForm, type RefundFormProps } from './pages/payments-refund.js';
import { page, refusal } from './refusal.js';
import { requireRole, toLogin } from './session.js';
import { viewerOf } from './viewer.js';

/**
 * The refund action on the dashboard: `GET /admin/payments/orders/:id/refund` (the form) and its POST,
 * owners only as `POST /admin/api/payments/:orderId/refund` is, through the same PaymentRefunds
 * (Daraja's Reversal API). Mounted where the runtime has its refunds (adapters/runtime.ts), after
 * dashboardRoutes, whose session, CSRF and CSP guards cover /admin/payments/*.
 * Decisions: the amount is asked for (the whole remainder filled in) and must be a whole number of
 * KES no larger than what can still be refunded; a confirmation box must be ticked; M-PESA's refusal
 * is shown on the form and leaves no audit entry (as the JSON route answers 409).
 */
export function paymentRefundPages(deps: AppDeps, refunds: PaymentRefunds): Hono<DashboardEnv> {
  const db = deps.database.db;
  const routes = new Hono<DashboardEnv>();
  routes.use('/payments/orders/*', async function signedIn(c, next) {
    if (!c.get('admin')) return toLogin(c);
    await next();
  });
  routes.use('/payments/orders/*', requireRole('owner'));

  const orderOf = async (c: Context<DashboardEnv>) => {
    const id = c.req.param('id')?.toLowerCase() ?? '';
    return UUID.test(id) ? orderForRefund(db, id) : undefined;
  };
  const form = (
    c: Context<DashboardEnv>,
    found: NonNullable<Awaited<ReturnType<typeof orderForRefund>>>,
    more: Partial<RefundFormProps> = {},
    status: 200 | 400 | 409 = 200,
  ) =>
    page(
      c,
      <RefundForm
        viewer={viewerOf(c)}
        order={found.order}
        paid={found.paid}
        refundable={found.refundable}
        {...more}
      />,
      status,
    );

  routes.get('/payments/orders/:id/refund', async (c) => {
    const found = await orderOf(c);
    if (!found) return refusal(c, 404, 'There is no such order.');
    return form(c, found);
  });

  routes.post('/payments/orders/:id/refund', async (c) => {
    const found = await orderOf(c);
    if (!found) return refusal(c, 404, 'There is no such order.');
    const body = await c.req.parseBody();
    const values = { amount: String(body.amount ?? '').trim(), reason: String(body.reason ?? '').trim() };
    const problems: NonNullable<RefundFormProps['problems']> = {};
    const amount = Number(values.amount);
    if (!/^\d+$/.test(values.amount) || amount < 1 || amount > found.refundable)
      problems.amount =
        found.refundable > 0
          ? `Write a whole number of KES from 1 to ${found.refundable}, what this order can still refund.`
          : 'Nothing is left to refund on this order.';
    if (values.reason.length < 3 || values.reason.length > 200)
      problems.reason = 'Write a reason of 3 to 200 characters, such as "paid twice".';
    if (body.confirm !== 'yes') problems.confirm = 'Tick the box to confirm the money goes back.';
    if (Object.keys(problems).length) return form(c, found, { values, problems }, 400);

    const result = await refunds.refund({
      orderId: found.order.id,
      amount,
      reason: values.reason,
      requestedBy: `admin:${c.get('admin').id}`,
    });
    if (!result.ok) {
      const now = (await orderForRefund(db, found.order.id)) ?? found;
      return form(c, now, { values, problems: { daraja: result.problem } }, 409);
    }
    const after = (await orderForRefund(db, found.order.id))!;
    c.set('audit', {
      action: 'payment.refunded',
      subject: `order:${found.order.id}`,
      before: { orderStatus: found.order.status, refundable: found.refundable },
      after: {
        orderStatus: after.order.status,
        refundable: after.refundable,
        refund: { id: result.refundId, amount, status: result.status, reason: values.reason },
      },
    });
    return c.redirect('/admin/payments/refunds?done=refunded', 303);
  });

  return routes;
}
