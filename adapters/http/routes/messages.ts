import { Hono } from 'hono';
import {
  deliveryStats,
  MESSAGE_STATUSES,
  outboundPage,
  rates,
  type MessageStatus,
} from '../../../db/repositories/message-tracking.js';
import type { AppDeps } from '../../deps.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { validateQuery, type JSONSchemaType } from '../validate.js';
import {
  learnerIdOf,
  pageProperties,
  paged,
  rangeMessages,
  rangeProperties,
  timeRange,
} from './admin-query.js';

interface MessagesQuery {
  learner?: string | null;
  status?: MessageStatus | null;
  from?: string | null;
  to?: string | null;
  page: number;
  pageSize: number;
}

const messagesSchema: JSONSchemaType<MessagesQuery> = {
  type: 'object',
  properties: {
    learner: { type: 'string', nullable: true, minLength: 1, maxLength: 64 },
    status: { type: 'string', nullable: true, enum: [...MESSAGE_STATUSES, null] },
    ...rangeProperties,
    ...pageProperties,
  },
  required: ['page', 'pageSize'],
  additionalProperties: false,
  errorMessage: { properties: rangeMessages },
};

interface StatsQuery {
  by: 'day' | 'learner';
  learner?: string | null;
  from?: string | null;
  to?: string | null;
}

const statsSchema: JSONSchemaType<StatsQuery> = {
  type: 'object',
  properties: {
    by: { type: 'string', enum: ['day', 'learner'], default: 'day' },
    learner: { type: 'string', nullable: true, minLength: 1, maxLength: 64 },
    ...rangeProperties,
  },
  required: ['by'],
  additionalProperties: false,
  errorMessage: { properties: rangeMessages },
};

/**
 * Delivery tracking: `GET /admin/api/messages` lists outbound messages with where each one is
 * (queued, sent, delivered, read, failed, held, dead); `GET /admin/api/messages/stats?by=day|learner`
 * counts them with delivery and read rates.
 */
export function messagesRoutes(deps: AppDeps): Hono<AppEnv> {
  const db = deps.database.db;
  const routes = new Hono<AppEnv>();
  routes.use('*', requireAdmin(deps));

  routes.get('/', validateQuery(messagesSchema), async (c) => {
    const query = c.req.valid('query');
    const range = timeRange(query);
    const userId = query.learner ? await learnerIdOf(db, 'learner', query.learner) : undefined;
    const { page, pageSize } = query;
    const filter = { ...range, userId, status: query.status ?? undefined, page, pageSize };
    const { items, total } = await outboundPage(db, filter);
    return c.json(paged(items, total, page, pageSize));
  });

  routes.get('/stats', validateQuery(statsSchema), async (c) => {
    const query = c.req.valid('query');
    const range = timeRange(query);
    const userId = query.learner ? await learnerIdOf(db, 'learner', query.learner) : undefined;
    const groups = await deliveryStats(db, query.by, { ...range, userId });
    const sum = (key: 'total' | 'sent' | 'delivered' | 'read' | 'failed' | 'held') =>
      groups.reduce((n, group) => n + group[key], 0);
    const totals = {
      total: sum('total'),
      sent: sum('sent'),
      delivered: sum('delivered'),
      read: sum('read'),
      failed: sum('failed'),
      held: sum('held'),
    };
    return c.json({
      by: query.by,
      from: range.from?.toISOString() ?? null,
      to: range.to?.toISOString() ?? null,
      groups,
      totals: { ...totals, ...rates(totals) },
    });
  });

  return routes;
}
