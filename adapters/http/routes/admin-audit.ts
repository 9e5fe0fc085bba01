import { Hono } from 'hono';
import { searchAdminAudit } from '../../../db/repositories/admin-audit.js';
import type { AppDeps } from '../../deps.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { validateQuery, type JSONSchemaType } from '../validate.js';
import { pageProperties, rangeMessages, rangeProperties, timeRange } from './admin-query.js';

export interface AuditQuery {
  q?: string | null;
  admin?: string | null;
  subject?: string | null;
  from?: string | null;
  to?: string | null;
  page: number;
  pageSize: number;
}

export const auditQuerySchema: JSONSchemaType<AuditQuery> = {
  type: 'object',
  properties: {
    q: { type: 'string', nullable: true, maxLength: 200 },
    admin: { type: 'string', nullable: true, maxLength: 200 },
    subject: { type: 'string', nullable: true, maxLength: 300 },
    ...rangeProperties,
    ...pageProperties,
  },
  required: ['page', 'pageSize'],
  additionalProperties: false,
  errorMessage: { properties: rangeMessages },
};

/**
 * `GET /admin/api/audit?q=&admin=&subject=&from=&to=&page=&pageSize=` (docs/http-api.md#audit): the
 * admin actions, newest first; `q` is part of the action, subject, admin email or path, `admin` part
 * of the admin's email, `subject` exact (`learner:<uuid>`), `from`/`to` days or instants.
 */
export function adminAuditRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireAdmin(deps));
  routes.get('/', validateQuery(auditQuerySchema), async (c) => {
    const query = c.req.valid('query');
    const { from, to } = timeRange(query);
    const { items, total } = await searchAdminAudit(deps.database.db, {
      q: query.q?.trim() || undefined,
      admin: query.admin?.trim() || undefined,
      subject: query.subject?.trim() || undefined,
      since: from,
      until: to,
      page: query.page,
      pageSize: query.pageSize,
    });
    return c.json({ items, total, page: query.page, pageSize: query.pageSize });
  });
  return routes;
}
