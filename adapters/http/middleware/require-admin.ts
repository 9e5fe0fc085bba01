import type { MiddlewareHandler } from 'hono';
import type { Config } from '../../config/index.js';
import { TokenError, verifyAdminToken } from '../../auth/token.js';
import type { DatabaseHandle } from '../../../db/client.js';
import { adminsRepository, type AdminRole } from '../../../db/repositories/admins.js';
import type { AppEnv } from '../env.js';
import { HttpError } from '../errors.js';

/**
 * Decisions:
 * - Roles: an operator runs the service day to day: reads everything under the admin token and
 *   looks after learners (registers them, changes their profile, exports their data). Only an
 *   owner changes what every learner gets: content writes (`/admin/api/courses/…`), and so any
 *   route added later that creates admins or erases learners (`requireAdmin(deps, { role: 'owner' })`).
 * - The admin is looked up on every request by primary key (a fraction of a millisecond), not
 *   cached: a deleted admin is refused and a demoted owner loses owner routes at once, in every
 *   process. The role comes from that row, not from the token. A request that passes two guards
 *   (`/admin/api/*` and a route group's own) is looked up once.
 */
export interface RequireAdminOptions {
  /** Refuse (403) admins without this role. */
  role?: AdminRole;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unauthorized = (message: string, cause?: unknown) =>
  new HttpError(401, 'unauthorized', message, cause === undefined ? {} : { cause });

/**
 * Lets a request through only with `Authorization: Bearer <token>` from POST /admin/api/login for
 * an admin that still exists (with `role`, when given), and sets `c.var.admin`. Anything else is
 * 401 `unauthorized`, saying whether the token was missing, malformed, expired, wrongly signed or
 * its admin gone; a valid admin without the role gets 403 `forbidden`.
 */
export function requireAdmin(
  deps: { config: Pick<Config, 'jwt'>; database: DatabaseHandle },
  options: RequireAdminOptions = {},
): MiddlewareHandler<AppEnv> {
  const admins = adminsRepository(deps.database.db);
  return async function requireAdmin(c, next) {
    if (!c.get('admin')) {
      const header = c.req.header('Authorization');
      if (!header) throw unauthorized('token missing: send Authorization: Bearer <token>');
      const token = BEARER.exec(header)?.[1];
      if (!token) throw unauthorized('token is malformed: expected Authorization: Bearer <token>');
      let adminId: string;
      try {
        adminId = (await verifyAdminToken(token, deps.config.jwt)).sub;
      } catch (err) {
        if (err instanceof TokenError) throw unauthorized(err.message, err);
        throw err;
      }
      const admin = UUID.test(adminId) ? await admins.findById(adminId) : undefined;
      if (!admin) throw unauthorized('token belongs to an admin that no longer exists: sign in again');
      c.set('admin', { id: admin.id, role: admin.role });
    }
    if (options.role && c.get('admin').role !== options.role) {
      throw new HttpError(
        403,
        'forbidden',
        `this needs the ${options.role} role; you are signed in as ${c.get('admin').role}`,
      );
    }
    await next();
  };
}
