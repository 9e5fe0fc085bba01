import { expect } from 'vitest';
import { hashPassword } from '../../adapters/auth/password.js';
import { adminsRepository } from '../../db/repositories/admins.js';
import type { TestApp } from './http-app.js';

export const DASHBOARD_PASSWORD = 'a dashboard password';
/** The origin test requests come from (the app's own, so the CSRF Origin check passes). */
export const DASHBOARD_ORIGIN = 'http://localhost';

/** A signed-in dashboard admin: the session cookie, the page's CSRF token and the email. */
export interface DashboardSession {
  cookie: string;
  csrf: string;
  email: string;
}

/**
 * Requests to the dashboard as a browser sends them: forms url-encoded from the app's own origin,
 * and `signIn(role)` creating an admin of that role and signing in through the form.
 */
export function dashboardClient(test: () => TestApp) {
  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    test().app.request(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: DASHBOARD_ORIGIN,
        ...headers,
      },
      body: new URLSearchParams(fields).toString(),
    });
  const get = (path: string, cookie?: string) =>
    test().app.request(path, { headers: cookie ? { Cookie: cookie } : {} });
  const login = (email: string, password: string, address = '192.0.2.1') =>
    post('/admin/login', { email, password }, { 'X-Forwarded-For': address });

  async function signIn(role: 'owner' | 'operator'): Promise<DashboardSession> {
    const email = `${role}-${Math.random().toString(36).slice(2)}@example.com`;
    const passwordHash = await hashPassword(DASHBOARD_PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
    await adminsRepository(test().database.db).createIfAbsent({ email, passwordHash, role });
    const res = await login(email, DASHBOARD_PASSWORD);
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const overview = await get('/admin', cookie);
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(await overview.text())![1]!;
    return { cookie, csrf, email };
  }

  /** A form post as the signed-in admin, with their cookie and CSRF token. */
  const act = (session: DashboardSession, path: string, fields: Record<string, string> = {}) =>
    post(path, { _csrf: session.csrf, ...fields }, { Cookie: session.cookie });

  return { post, get, login, signIn, act };
}
