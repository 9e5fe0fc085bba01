import type { MiddlewareHandler } from 'hono';
import { recordAdminAction } from '../../../db/repositories/admin-audit.js';
import type { AppDeps } from '../../deps.js';
import type { AppEnv } from '../env.js';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Leaves an audit entry (db/schema/audit.ts) for every request by a signed-in admin that changed
 * something and succeeded (status below 400: the dashboard's forms answer 303), on the dashboard
 * and the JSON API alike, so no action can skip it. A route says what it did, to what, before and
 * after with `c.set('audit', …)`; without that the entry names the method and path. A failure to
 * write the entry is logged as an error (the change itself has happened).
 */
export function auditTrail(deps: Pick<AppDeps, 'database' | 'logger'>): MiddlewareHandler<AppEnv> {
  return async function auditTrail(c, next) {
    await next();
    const admin = c.get('admin');
    if (!admin || !CHANGES.has(c.req.method) || c.res.status >= 400) return;
    const note = c.get('audit');
    const entry = {
      adminId: admin.id,
      action: note?.action ?? `${c.req.method} ${c.req.path}`,
      subject: note?.subject,
      before: note?.before,
      after: note?.after,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      requestId: c.get('requestId'),
    };
    try {
      await recordAdminAction(deps.database.db, entry);
      deps.logger.info({ audit: entry.action, adminId: admin.id, subject: entry.subject }, 'admin action');
    } catch (err) {
      deps.logger.error({ err, audit: entry }, 'could not write the admin audit entry');
    }
  };
}
