import { Hono } from 'hono';
import { activityPage } from '../../../db/repositories/activity.js';
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

interface ActivityQuery {
  user?: string | null;
  from?: string | null;
  to?: string | null;
  kind?: string | null;
  page: number;
  pageSize: number;
}

const activitySchema: JSONSchemaType<ActivityQuery> = {
  type: 'object',
  properties: {
    user: { type: 'string', nullable: true, minLength: 1, maxLength: 64 },
    ...rangeProperties,
    kind: { type: 'string', nullable: true, minLength: 1, maxLength: 100 },
    ...pageProperties,
  },
  required: ['page', 'pageSize'],
  additionalProperties: false,
  errorMessage: { properties: rangeMessages },
};

/**
 * `GET /admin/api/activity?user=&from=&to=&kind=&page=&pageSize=`: every turn of every learner (or
 * one, by id or phone), newest first, with what the learner sent and where the conversation went.
 */
export function activityRoutes(deps: AppDeps): Hono<AppEnv> {
  const db = deps.database.db;
  const routes = new Hono<AppEnv>();
  routes.use('*', requireAdmin(deps));

  routes.get('/', validateQuery(activitySchema), async (c) => {
    const query = c.req.valid('query');
    const { from, to } = timeRange(query);
    const userId = query.user ? await learnerIdOf(db, 'user', query.user) : undefined;
    const { page, pageSize } = query;
    const { items, total } = await activityPage(db, {
      userId,
      from,
      to,
      kind: query.kind ?? undefined,
      page,
      pageSize,
    });
    return c.json(paged(items, total, page, pageSize));
  });

  return routes;
}
