import type { MiddlewareHandler } from 'hono';
import type { Config } from '../../config/index.js';
import { TokenError, verifyAdminToken } from '../../auth/token.js';
import type { AppEnv } from '../env.js';
import { HttpError } from '../errors.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Lets a request through only with `Authorization: Bearer <token>` from POST /admin/api/login,
 * and sets `c.var.admin`. Anything else is 401 `unauthorized`, saying whether the token was
 * missing, malformed, expired or wrongly signed.
 */
export function requireAdmin(options: { jwt: Config['jwt'] }): MiddlewareHandler<AppEnv> {
  return async function requireAdmin(c, next) {
    const header = c.req.header('Authorization');
    if (!header)
      throw new HttpError(401, 'unauthorized', 'token missing: send Authorization: Bearer <token>');
    const token = BEARER.exec(header)?.[1];
    if (!token)
      throw new HttpError(401, 'unauthorized', 'token is malformed: expected Authorization: Bearer <token>');
    try {
      const claims = await verifyAdminToken(token, options.jwt);
      c.set('admin', { id: claims.sub, role: claims.role });
    } catch (err) {
      if (err instanceof TokenError) throw new HttpError(401, 'unauthorized', err.message, { cause: err });
      throw err;
    }
    await next();
  };
}
