import { Hono } from 'hono';
import { recentErrorGroups } from '../../../db/repositories/error-groups.js';
import type { AppDeps } from '../../deps.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { validateQuery, type JSONSchemaType } from '../validate.js';

export interface ErrorsQuery {
  minutes: number;
  limit: number;
}

export const errorsQuerySchema: JSONSchemaType<ErrorsQuery> = {
  type: 'object',
  properties: {
    minutes: { type: 'integer', minimum: 1, maximum: 10_080, default: 60 },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
  required: ['minutes', 'limit'],
  additionalProperties: false,
  errorMessage: {
    properties: {
      minutes: 'must be a whole number of minutes from 1 to 10080 (a week)',
      limit: 'must be a whole number from 1 to 200',
    },
  },
};

/**
 * `GET /admin/api/errors?minutes=&limit=` (docs/operations-alerts.md): errors grouped by
 * fingerprint, most recently seen first, each with its total count, first and last seen, and
 * `recent`, how many fell in the last `minutes`.
 */
export function adminErrorsRoutes(deps: AppDeps, options: { now?: () => Date } = {}): Hono<AppEnv> {
  const now = options.now ?? (() => new Date());
  const routes = new Hono<AppEnv>();
  routes.use('*', requireAdmin(deps));
  routes.get('/', validateQuery(errorsQuerySchema), async (c) => {
    const { minutes, limit } = c.req.valid('query');
    const since = new Date(now().getTime() - minutes * 60_000);
    const items = await recentErrorGroups(deps.database.db, { since, limit });
    return c.json({ items, minutes });
  });
  return routes;
}
