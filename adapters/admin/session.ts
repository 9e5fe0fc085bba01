import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { Config } from '../config/index.js';
import { TokenError, verifyAdminToken } from '../auth/token.js';
import type { DatabaseHandle } from '../../db/client.js';
import { adminsRepository, type AdminRole } from '../../db/repositories/admins.js';
import type { DashboardEnv } from './env.js';
import { refusal } from './refusal.js';

/**
 * The dashboard's session: the admin JWT (adapters/auth/token.ts) in a cookie.
 * Decisions:
 * - The cookie is HttpOnly, SameSite=Strict, Secure in production, scoped to /admin and expires
 *   with the token: there is no server-side session table, signing out deletes the cookie.
 * - The CSRF token is an HMAC of the session's token under the JWT secret: per session,
 *   unguessable, and needs no storage. Every POST carries it (form field `_csrf` or header
 *   `X-CSRF-Token`, which dashboard.js adds to htmx requests), on top of hono/csrf's Origin check.
 * - As with the JSON API, the role comes from the admin row, looked up on every request.
 */
export const SESSION_COOKIE = 'learnloop_admin';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

type SessionDeps = { config: Pick<Config, 'jwt' | 'env' | 'publicBaseUrl'>; database: DatabaseHandle };

export const csrfTokenOf = (sessionToken: string, secret: string): string =>
  createHmac('sha256', secret).update(`csrf:${sessionToken}`).digest('base64url');

export function startSession(c: Context, deps: SessionDeps, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/admin',
    httpOnly: true,
    sameSite: 'Strict',
    secure: deps.config.env === 'production',
    expires: expiresAt,
  });
}

export const endSession = (c: Context): void => void deleteCookie(c, SESSION_COOKIE, { path: '/admin' });

/** To the sign-in page; htmx requests are told to load it as a whole page. */
export function toLogin(c: Context, notice?: 'expired' | 'signedOut'): Response {
  const url = notice ? `/admin/login?notice=${notice}` : '/admin/login';
  if (c.req.header('HX-Request')) return c.body(null, 200, { 'HX-Redirect': url });
  return c.redirect(url, 303);
}

/** hono/csrf's Origin check (this server's own origin or PUBLIC_BASE_URL's), answered as a page. */
export function sameOrigin(deps: SessionDeps): MiddlewareHandler<DashboardEnv> {
  const publicOrigin = new URL(deps.config.publicBaseUrl).origin;
  const check = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin,
  });
  return async function sameOrigin(c, next) {
    try {
      await check(c, next);
    } catch (err) {
      if (err instanceof HTTPException && err.status === 403)
        return refusal(c, 403, 'This form did not come from the dashboard, so nothing was changed.');
      throw err;
    }
  };
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Lets a request through only with a live session cookie of an admin that still exists, sets `admin`, `adminEmail` and `csrfToken`, and refuses a POST without the
 * session's CSRF token. No or a bad cookie goes to the sign-in page; an expired one says so there.
 */
export function dashboardSession(deps: SessionDeps): MiddlewareHandler<DashboardEnv> {
  const admins = adminsRepository(deps.database.db);
  return async function dashboardSession(c, next) {
    const token = getCookie(c, SESSION_COOKIE);
    if (!token) return toLogin(c);
    let adminId: string;
    try {
      adminId = (await verifyAdminToken(token, deps.config.jwt)).sub;
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      endSession(c);
      return toLogin(c, err.problem === 'expired' ? 'expired' : undefined);
    }
    const admin = /^[0-9a-f-]{36}$/i.test(adminId) ? await admins.findById(adminId) : undefined;
    if (!admin) {
      endSession(c);
      return toLogin(c);
    }
    const csrfToken = csrfTokenOf(token, deps.config.jwt.secret);
    c.set('admin', { id: admin.id, role: admin.role });
    c.set('adminEmail', admin.email);
    c.set('csrfToken', csrfToken);
    if (c.req.method === 'POST') {
      const header = c.req.header(CSRF_HEADER);
      const body = header ? undefined : await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const sent = header ?? body?.[CSRF_FIELD];
      if (typeof sent !== 'string' || !sameText(sent, csrfToken))
        return refusal(
          c,
          403,
          'This form has expired or did not come from the dashboard: reload the page and try again.',
        );
    }
    await next();
  };
}

/** After dashboardSession: refuses (403, as a page) an admin without `role`. */
export function requireRole(role: AdminRole): MiddlewareHandler<DashboardEnv> {
  return async function requireRole(c, next) {
    const { role: actual } = c.get('admin');
    if (actual !== role)
      return refusal(c, 403, `Only an ${role} can do this; you are signed in as ${actual}.`);
    await next();
  };
}
