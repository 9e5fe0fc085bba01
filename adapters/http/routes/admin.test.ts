import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../auth/first-admin.js';
import { usersRepository } from '../../../db/repositories/users.js';
import { createTestApp, TEST_ADMIN, type TestApp } from '../testing.js';

interface ErrorJson {
  error: { code: string; message: string; requestId: string };
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe('admin API', () => {
  let test: TestApp;
  const seconds = () => Math.floor(Date.now() / 1000);
  const login = (body: unknown) => test.app.request('/admin/api/login', json(body));
  const me = (authorization?: string) =>
    test.app.request('/admin/api/me', { headers: authorization ? { Authorization: authorization } : {} });

  beforeAll(async () => {
    test = await createTestApp();
    await ensureFirstAdmin(test.database.db, test.deps.config.admin);
  });
  afterAll(async () => test?.cleanup());

  it('login with the right credentials → a token that opens /admin/api/me', async () => {
    const res = await login({ email: 'OWNER@example.com', password: TEST_ADMIN.password });
    expect(res.status).toBe(200);
    const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
    const expiresIn = (Date.parse(expiresAt) - Date.now()) / 1000;
    expect(expiresIn).toBeGreaterThan(test.deps.config.jwt.expiresInSeconds - 5);
    expect(expiresIn).toBeLessThanOrEqual(test.deps.config.jwt.expiresInSeconds);

    const whoami = await me(`Bearer ${token}`);
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toMatchObject({ email: TEST_ADMIN.email, role: 'owner' });
  });

  it('wrong password and unknown email get the same 401 invalid_credentials', async () => {
    const answers = await Promise.all([
      login({ email: TEST_ADMIN.email, password: 'wrong password' }),
      login({ email: 'nobody@example.com', password: TEST_ADMIN.password }),
    ]);
    const bodies = await Promise.all(
      answers.map(async (res) => ({ status: res.status, ...((await res.json()) as ErrorJson) })),
    );
    for (const body of bodies) {
      expect(body).toMatchObject({
        status: 401,
        error: { code: 'invalid_credentials', message: 'email or password is incorrect' },
      });
    }
  });

  it('login body is validated', async () => {
    const res = await login({ email: 'not-an-email', password: '' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.code).toBe('validation_failed');
  });

  it.each([
    ['missing', undefined, 'token missing: send Authorization: Bearer <token>'],
    ['not a bearer', 'Basic b3duZXI6cHc=', 'token is malformed: expected Authorization: Bearer <token>'],
    ['malformed', 'Bearer not.a.jwt', 'token is malformed: expected a JWT issued by POST /admin/api/login'],
  ])('token %s → 401 unauthorized saying so', async (_case, authorization, message) => {
    const res = await me(authorization);
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorJson).error).toMatchObject({ code: 'unauthorized', message });
  });

  it('expired token → 401 "token expired"', async () => {
    const token = await sign(
      { sub: 'x', role: 'owner', exp: seconds() - 1 },
      test.deps.config.jwt.secret,
      'HS256',
    );
    const res = await me(`Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorJson).error).toMatchObject({
      code: 'unauthorized',
      message: 'token expired: sign in again',
    });
  });

  it('token signed with another secret → 401 "invalid signature"', async () => {
    const token = await sign(
      { sub: 'x', role: 'owner', exp: seconds() + 600 },
      'someone-elses-secret',
      'HS256',
    );
    const res = await me(`Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorJson).error).toMatchObject({
      code: 'unauthorized',
      message: 'token has an invalid signature',
    });
  });

  it('a valid token for a deleted admin is refused by /me', async () => {
    const token = await sign(
      { sub: crypto.randomUUID(), role: 'owner', exp: seconds() + 600 },
      test.deps.config.jwt.secret,
      'HS256',
    );
    expect((await me(`Bearer ${token}`)).status).toBe(401);
  });

  it('every /admin/api/* route except login answers 401 without a token, for every registered method', async () => {
    const guarded = test.app.routes.filter(
      (route) =>
        route.path.startsWith('/admin/api/') &&
        route.path !== '/admin/api/login' &&
        !route.path.includes('*'),
    );
    expect(guarded.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['GET /admin/api/me', 'GET /admin/api/users']),
    );
    for (const route of guarded) {
      const method = route.method === 'ALL' ? 'GET' : route.method;
      const path = route.path.replace(/:[^/]+/g, 'x');
      const res = await test.app.request(path, { method });
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({
        route: `${method} ${path}`,
        status: 401,
      });
    }
    expect((await test.app.request('/admin/api/not-yet-built')).status).toBe(401);
  });

  it('GET /admin/api/users lists learners with phones as stored, paged', async () => {
    const users = usersRepository(test.database.db);
    for (const phone of ['+254700000001', '+254700000002', '+254700000003']) await users.create({ phone });
    const headers = await test.authHeader('operator');
    const page = await test.app.request('/admin/api/users?limit=2&offset=1', { headers });
    expect(page.status).toBe(200);
    const body = (await page.json()) as { users: { phone: string }[]; limit: number; offset: number };
    expect(body).toMatchObject({ limit: 2, offset: 1 });
    expect(body.users.map((user) => user.phone)).toEqual(['+254700000002', '+254700000003']);
    expect((await test.app.request('/admin/api/users?limit=0', { headers })).status).toBe(400);
  });
});
