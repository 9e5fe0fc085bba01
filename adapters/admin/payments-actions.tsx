import { Hono } from 'hono';
import { resolveAlert } from '../../db/repositories/payments-admin.js';
import { moveSupportRequest } from '../../db/repositories/payments-support.js';
import { supportRequestById } from '../../db/repositories/payments-lists.js';
import { SUPPORT_STATUSES } from '../../db/schema/index.js';
import type { AppDeps } from '../deps.js';
import { UUID } from '../http/routes/admin-query.js';
import type { DashboardEnv } from './env.js';
import { supportLabel } from './payments-tables.js';
import { refusal } from './refusal.js';

/**
 * The payments pages' actions for every admin: move a support request on (open → in progress →
 * resolved) and mark a mismatch handled; each tells the audit trail its before and after.
 */
export function paymentActionRoutes(deps: AppDeps, options: { now?: () => Date } = {}): Hono<DashboardEnv> {
  const db = deps.database.db;
  const now = options.now ?? (() => new Date());
  const routes = new Hono<DashboardEnv>();

  routes.post('/payments/support/:id/move', async (c) => {
    const id = c.req.param('id').toLowerCase();
    const to = (await c.req.parseBody()).status;
    if (!UUID.test(id)) return refusal(c, 404, 'There is no such support request.');
    if (typeof to !== 'string' || !(SUPPORT_STATUSES as readonly string[]).includes(to))
      return refusal(c, 400, `Status must be one of ${SUPPORT_STATUSES.join(', ')}.`);
    const before = await supportRequestById(db, id);
    const moved = await moveSupportRequest(db, id, to as 'resolved', `admin:${c.get('admin').id}`, now());
    if (!moved.ok && moved.problem === 'notFound')
      return refusal(c, 404, 'There is no such support request.');
    if (!moved.ok)
      return refusal(
        c,
        409,
        `The request is ${supportLabel(moved.from!)}: it can move to ${moved.allowed?.map(supportLabel).join(' or ') || 'nothing more'}.`,
      );
    c.set('audit', {
      action: 'support.moved',
      subject: `support:${id}`,
      before: { status: before?.status },
      after: { status: to },
    });
    return c.redirect('/admin/payments/support?done=moved', 303);
  });

  routes.post('/payments/alerts/:id/resolve', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) return refusal(c, 404, 'There is no such mismatch.');
    const at = now();
    const done = await resolveAlert(db, id, at);
    if (!done.ok && done.problem === 'notFound') return refusal(c, 404, 'There is no such mismatch.');
    if (!done.ok)
      return refusal(
        c,
        409,
        `This mismatch was already marked handled at ${done.at.toISOString().slice(0, 16)} UTC.`,
      );
    c.set('audit', {
      action: 'paymentAlert.resolved',
      subject: `paymentAlert:${id}`,
      before: { resolvedAt: null },
      after: { resolvedAt: at.toISOString() },
    });
    return c.redirect('/admin/payments/alerts?done=resolved', 303);
  });

  return routes;
}
