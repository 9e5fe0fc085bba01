import { eq } from 'drizzle-orm';
import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../auth/first-admin.js';
import { hashPassword } from '../../auth/password.js';
import { issueAdminToken } from '../../auth/token.js';
import { adminsRepository } from '../../../db/repositories/admins.js';
import { usersRepository } from '../../../db/repositories/users.js';
import { admins } from '../../../db/schema/admins.js';
import { createTestApp, TEST_ADMIN, type TestApp } from '../../../tests/harness/http-app.js';

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

describe('admin API: the admin behind a token, as stored now', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(async () => test?.cleanup());

  const newAdmin = async (role: 'owner' | 'operator') => {
    const email = `${role}-${crypto.randomUUID()}@example.com`;
    const admin = (await adminsRepository(test.database.db).createIfAbsent({
      email,
      passwordHash: 'scrypt$2$1$1$AA==$AA==',
      role,
    }))!;
    const { token } = await issueAdminToken(test.deps.config.jwt, admin);
    return { admin, headers: { Authorization: `Bearer ${token}` } };
  };
  const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as ErrorJson) });

  it('refuses the token of a deleted admin on every guarded route, not only /me', async () => {
    const { admin, headers } = await newAdmin('owner');
    expect((await test.app.request('/admin/api/users', { headers })).status).toBe(200);
    await test.database.db.delete(admins).where(eq(admins.id, admin.id));
    for (const path of [
      '/admin/api/users',
      '/users/+254700000009',
      '/admin/api/activity',
      '/lessons/schedule/+254700000009',
    ]) {
      expect({ path, ...(await errorOf(await test.app.request(path, { headers }))) }).toMatchObject({
        path,
        status: 401,
        error: {
          code: 'unauthorized',
          message: 'token belongs to an admin that no longer exists: sign in again',
        },
      });
    }
  });

  it('refuses a validly signed token whose admin id is not an admin id (401, not a database error)', async () => {
    const token = await sign(
      { sub: 'not-a-uuid', role: 'owner', exp: Math.floor(Date.now() / 1000) + 600 },
      test.deps.config.jwt.secret,
      'HS256',
    );
    const res = await test.app.request('/admin/api/users', { headers: { Authorization: `Bearer ${token}` } });
    expect(await errorOf(res)).toMatchObject({ status: 401, error: { code: 'unauthorized' } });
  });

  it('takes the role from the admin row: an owner demoted to operator loses content writes at once', async () => {
    const { admin, headers } = await newAdmin('owner');
    const write = () =>
      test.app.request('/admin/api/courses/no-such-course/lessons/x', { method: 'DELETE', headers });
    expect((await write()).status).toBe(404);
    await test.database.db.update(admins).set({ role: 'operator' }).where(eq(admins.id, admin.id));
    expect(await errorOf(await write())).toMatchObject({
      status: 403,
      error: { code: 'forbidden', message: 'this needs the owner role; you are signed in as operator' },
    });
    expect((await test.app.request('/admin/api/users', { headers })).status).toBe(200);
  });

  it('lets an operator read and look after learners', async () => {
    const { headers } = await newAdmin('operator');
    const json = { ...headers, 'Content-Type': 'application/json' };
    const created = await test.app.request('/users', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ phone: '+254700000077' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    for (const path of [
      '/admin/api/users',
      '/users/+254700000077',
      `/api/users/${id}`,
      '/admin/api/messages',
    ]) {
      expect({ path, status: (await test.app.request(path, { headers })).status }).toEqual({
        path,
        status: 200,
      });
    }
    const paused = await test.app.request(`/api/users/${id}`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ paused: true }),
    });
    expect(paused.status).toBe(200);
  });
});

describe('admin login throttling', () => {
  let test: TestApp;
  const PASSWORD = 'the right password';
  const TEAM = ['amina', 'baraka', 'chege', 'dalia', 'eshe', 'faraji', 'gathoni', 'hamisi'].map(
    (name) => `${name}@example.com`,
  );
  beforeAll(async () => {
    test = await createTestApp();
    // A cheap scrypt (the parameters travel with the hash): these tests check dozens of passwords.
    const passwordHash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
    for (const email of TEAM)
      await adminsRepository(test.database.db).createIfAbsent({ email, passwordHash });
  });
  afterAll(async () => test?.cleanup());

  const loginFrom = (address: string, email: string, password: string) =>
    test.app.request('/admin/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `10.0.0.1, ${address}` },
      body: JSON.stringify({ email, password }),
    });
  const answer = async (res: Response) => ({
    status: res.status,
    retryAfter: res.headers.get('Retry-After'),
    error: res.status === 200 ? null : ((await res.json()) as ErrorJson).error.message,
  });
  const wrongTimes = async (n: number, email: string, address: string) => {
    const statuses = [];
    for (let i = 0; i < n; i++) statuses.push((await loginFrom(address, email, 'wrong')).status);
    return statuses;
  };

  it('locks an email out after 5 attempts, even with the right password: 429, Retry-After, the same for an unknown email', async () => {
    expect(await wrongTimes(5, 'amina@example.com', '198.51.100.1')).toEqual([401, 401, 401, 401, 401]);
    expect(await wrongTimes(5, 'nobody@example.com', '198.51.100.2')).toEqual([401, 401, 401, 401, 401]);
    const known = await answer(await loginFrom('198.51.100.3', 'Amina@example.com', PASSWORD));
    const unknown = await answer(await loginFrom('198.51.100.4', 'nobody@example.com', PASSWORD));
    expect(known).toEqual({
      status: 429,
      retryAfter: '60',
      error: 'too many sign-in attempts: try again in 60 s',
    });
    expect(unknown).toEqual(known);
    expect((await loginFrom('198.51.100.5', 'baraka@example.com', PASSWORD)).status).toBe(200);
  });

  it('a successful sign-in starts the email afresh', async () => {
    expect(await wrongTimes(4, 'baraka@example.com', '198.51.100.6')).toEqual([401, 401, 401, 401]);
    expect((await loginFrom('198.51.100.6', 'baraka@example.com', PASSWORD)).status).toBe(200);
    expect(await wrongTimes(4, 'baraka@example.com', '198.51.100.7')).toEqual([401, 401, 401, 401]);
  });

  it('locks an address out after 20 attempts across emails, a burst at once included, and only that address', async () => {
    const burstTeam = TEAM.slice(2);
    const burst = await Promise.all(
      Array.from({ length: 24 }, (_, i) => loginFrom('203.0.113.9', burstTeam[i % 6]!, 'wrong')),
    );
    const statuses = burst.map((res) => res.status).sort();
    expect(statuses).toEqual([...Array<number>(20).fill(401), ...Array<number>(4).fill(429)]);
    expect((await loginFrom('203.0.113.9', 'hamisi@example.com', PASSWORD)).status).toBe(429);
    expect((await loginFrom('203.0.113.10', 'hamisi@example.com', PASSWORD)).status).toBe(200);
  });
});
