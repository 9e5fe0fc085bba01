import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { loginThrottle } from '../auth/login-throttle.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { issueAdminToken } from '../auth/token.js';
import { clientAddress } from '../http/client-address.js';
import { adminsRepository } from '../../db/repositories/admins.js';
import type { DashboardEnv } from './env.js';
import { LoginPage, type LoginProps } from './pages/login.js';
import { page } from './refusal.js';
import { dashboardSession, endSession, sameOrigin, startSession, toLogin } from './session.js';

const NOTICES: Record<string, LoginProps['notice']> = {
  expired: { kind: 'info', text: 'Your session expired: sign in again.' },
  signedOut: { kind: 'info', text: 'You are signed out.' },
};

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * GET/POST /admin/login and POST /admin/logout. Sign-in is throttled with the JSON API's login
 * (the same counters: one limit however the guesses arrive) and costs one scrypt even for an
 * unknown email, so neither the answer nor its timing tells which emails exist.
 */
export function loginRoutes(deps: AppDeps): Hono<DashboardEnv> {
  const routes = new Hono<DashboardEnv>();
  const admins = adminsRepository(deps.database.db);
  const throttle = loginThrottle(deps.cache);
  let decoyHash: Promise<string> | undefined;

  routes.get('/login', (c) => page(c, <LoginPage notice={NOTICES[c.req.query('notice') ?? '']} />));

  routes.post('/login', sameOrigin(deps), async (c) => {
    const form = await c.req.parseBody();
    const email = typeof form.email === 'string' ? form.email.trim().slice(0, 254) : '';
    const password = typeof form.password === 'string' ? form.password.slice(0, 1024) : '';
    const again = (status: 400 | 401 | 429, text: string, headers: Record<string, string> = {}) => {
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      return page(c, <LoginPage email={email} notice={{ kind: 'error', text }} />, status);
    };
    if (!EMAIL.test(email) || !password) return again(400, 'Enter your email address and your password.');
    const verdict = await throttle.attempt(clientAddress(c), email);
    if (!verdict.allowed) {
      const seconds = verdict.retryAfterSeconds;
      return again(429, `Too many sign-in attempts: try again in ${seconds} seconds.`, {
        'Retry-After': String(seconds),
      });
    }
    const admin = await admins.findByEmail(email);
    decoyHash ??= hashPassword(randomUUID());
    const matches = await verifyPassword(password, admin?.passwordHash ?? (await decoyHash));
    if (!admin || !matches) return again(401, 'Email or password is incorrect.');
    await throttle.succeeded(email);
    await admins.recordLogin(admin.id);
    const { token, expiresAt } = await issueAdminToken(deps.config.jwt, admin);
    startSession(c, deps, token, expiresAt);
    deps.logger.info({ audit: 'admin.signedIn', adminId: admin.id }, 'admin signed in to the dashboard');
    return c.redirect('/admin', 303);
  });

  routes.post('/logout', sameOrigin(deps), dashboardSession(deps), (c) => {
    endSession(c);
    deps.logger.info({ audit: 'admin.signedOut', adminId: c.get('admin').id }, 'admin signed out');
    return toLogin(c, 'signedOut');
  });

  return routes;
}
