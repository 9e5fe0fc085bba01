import { Hono } from 'hono';
import {
  openAlerts,
  resolveAlert,
  paymentsPage,
  paymentStats,
  supportPage,
} from '../../../db/repositories/payments-admin.js';
import { moveSupportRequest } from '../../../db/repositories/payments-support.js';
import { ORDER_STATUSES, SUPPORT_STATUSES, type OrderStatus } from '../../../db/schema/index.js';
import type { AppDeps } from '../../deps.js';
import type { PaymentRefunds } from '../../payments/refunds.js';
import type { AppEnv } from '../env.js';
import { HttpError, notFound, validationFailed } from '../errors.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { tryNormalizePhone } from '../phone.js';
import { validateJson, validateQuery, type JSONSchemaType } from '../validate.js';
import { UUID, pageProperties, paged, rangeMessages, rangeProperties, timeRange } from './admin-query.js';

interface PaymentsQuery {
  status?: OrderStatus | null;
  plan?: string | null;
  phone?: string | null;
  from?: string | null;
  to?: string | null;
  page: number;
  pageSize: number;
}

const paymentsSchema: JSONSchemaType<PaymentsQuery> = {
  type: 'object',
  properties: {
    status: { type: 'string', nullable: true, enum: [...ORDER_STATUSES, null] },
    plan: { type: 'string', nullable: true, minLength: 1, maxLength: 100 },
    phone: { type: 'string', nullable: true, minLength: 1, maxLength: 32 },
    ...rangeProperties,
    ...pageProperties,
  },
  required: ['page', 'pageSize'],
  additionalProperties: false,
  errorMessage: { properties: rangeMessages },
};

const statsSchema: JSONSchemaType<{ from?: string | null; to?: string | null }> = {
  type: 'object',
  properties: { ...rangeProperties },
  required: [],
  additionalProperties: false,
  errorMessage: { properties: rangeMessages },
};

interface SupportQuery {
  status?: (typeof SUPPORT_STATUSES)[number] | null;
  page: number;
  pageSize: number;
}

const supportSchema: JSONSchemaType<SupportQuery> = {
  type: 'object',
  properties: {
    status: { type: 'string', nullable: true, enum: [...SUPPORT_STATUSES, null] },
    ...pageProperties,
  },
  required: ['page', 'pageSize'],
  additionalProperties: false,
};

const moveSchema: JSONSchemaType<{ status: (typeof SUPPORT_STATUSES)[number] }> = {
  type: 'object',
  properties: { status: { type: 'string', enum: [...SUPPORT_STATUSES] } },
  required: ['status'],
  additionalProperties: false,
};

/**
 * M-PESA for operators: `GET /admin/api/payments` (orders with their attempt; filters status,
 * plan, phone, from/to), `/payments/stats` (revenue per day and plan from the ledger, success
 * rate, failure reasons, churn of plans that ended), `/payments/alerts` (mismatches and money that may have moved) and
 * `POST /payments/alerts/:id/resolve` (an operator handled it: it leaves the list),
 * `/payments/support` and `PATCH /payments/support/:id` (open → in_progress → resolved).
 */
export function adminPaymentsRoutes(deps: AppDeps, options: { now?: () => Date } = {}): Hono<AppEnv> {
  const db = deps.database.db;
  const now = options.now ?? (() => new Date());
  const routes = new Hono<AppEnv>();
  routes.use('*', requireAdmin(deps));

  routes.get('/', validateQuery(paymentsSchema), async (c) => {
    const query = c.req.valid('query');
    const range = timeRange(query);
    const phone = query.phone ? tryNormalizePhone(query.phone) : undefined;
    if (query.phone && !phone)
      throw validationFailed([
        { field: '/phone', reason: 'must be a phone number like +254712345678 or 0712345678' },
      ]);
    const { page, pageSize } = query;
    const { items, total } = await paymentsPage(db, {
      ...range,
      status: query.status ?? undefined,
      planId: query.plan ?? undefined,
      phone,
      page,
      pageSize,
    });
    return c.json(paged(items, total, page, pageSize));
  });

  routes.get('/stats', validateQuery(statsSchema), async (c) => {
    const range = timeRange(c.req.valid('query'));
    const stats = await paymentStats(db, range, now());
    return c.json({ from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null, ...stats });
  });

  routes.get('/alerts', async (c) => c.json({ items: await openAlerts(db) }));

  routes.post('/alerts/:id/resolve', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw notFound('alert');
    const done = await resolveAlert(db, id, now());
    if (!done.ok && done.problem === 'notFound') throw notFound('alert');
    if (!done.ok)
      throw new HttpError(409, 'conflict', `the alert was already resolved at ${done.at.toISOString()}`);
    return c.json({ id, resolved: true });
  });

  routes.get('/support', validateQuery(supportSchema), async (c) => {
    const { status, page, pageSize } = c.req.valid('query');
    const { items, total } = await supportPage(db, status ?? undefined, page, pageSize);
    return c.json(paged(items, total, page, pageSize));
  });

  routes.patch('/support/:id', validateJson(moveSchema), async (c) => {
    const id = c.req.param('id');
    if (!UUID.test(id)) throw notFound('support request');
    const moved = await moveSupportRequest(
      db,
      id,
      c.req.valid('json').status,
      `admin:${c.get('admin').id}`,
      now(),
    );
    if (!moved.ok && moved.problem === 'notFound') throw notFound('support request');
    if (!moved.ok)
      throw new HttpError(
        409,
        'conflict',
        `the request is ${moved.from}: it can move to ${moved.allowed?.join(' or ') || 'nothing more'}`,
      );
    return c.json({ id, status: c.req.valid('json').status });
  });
  return routes;
}

const refundSchema: JSONSchemaType<{ amount?: number | null; reason: string }> = {
  type: 'object',
  properties: {
    amount: { type: 'integer', nullable: true, minimum: 1 },
    reason: { type: 'string', minLength: 3, maxLength: 200 },
  },
  required: ['reason'],
  additionalProperties: false,
};

/**
 * `POST /admin/api/payments/:orderId/refund` {amount?, reason} (owners only): a reversal through
 * Daraja; the whole remaining amount when none is given, never more than was paid.
 */
export function adminRefundRoutes(deps: AppDeps, refunds: PaymentRefunds): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireAdmin(deps, { role: 'owner' }));
  routes.post('/:orderId/refund', validateJson(refundSchema), async (c) => {
    const orderId = c.req.param('orderId');
    if (!UUID.test(orderId)) throw notFound('order');
    const body = c.req.valid('json');
    const result = await refunds.refund({
      orderId,
      ...(body.amount ? { amount: body.amount } : {}),
      reason: body.reason,
      requestedBy: `admin:${c.get('admin').id}`,
    });
    if (!result.ok && result.problem === 'no such order') throw notFound('order');
    if (!result.ok) throw new HttpError(409, 'conflict', result.problem);
    return c.json(result, 202);
  });
  return routes;
}
