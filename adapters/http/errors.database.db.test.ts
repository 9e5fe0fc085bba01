import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../tests/harness/db.js';
import type { Config } from '../config/index.js';
import { capturingLogger, createTestApp, type TestApp } from '../../tests/harness/http-app.js';

interface ErrorJson {
  error: { code: string; message: string; requestId: string; details?: unknown; stack?: string };
}

const LEARNER_ID = '00000000-0000-4000-8000-000000000001';

/** Routes that read or write the database, with what each needs to get that far. */
const DATABASE_ROUTES: { method: 'GET' | 'POST'; path: string; body?: unknown }[] = [
  {
    method: 'POST',
    path: '/admin/api/login',
    body: { email: 'owner@example.com', password: 'whatever-it-is' },
  },
  { method: 'GET', path: '/admin/api/users' },
  { method: 'POST', path: '/users', body: { phone: '+254712345678' } },
  { method: 'GET', path: '/users/+254712345678' },
  { method: 'GET', path: '/lessons/schedule/+254712345678' },
  { method: 'GET', path: `/api/users/${LEARNER_ID}` },
  { method: 'GET', path: '/api/courses' },
  { method: 'GET', path: '/admin/api/activity' },
  { method: 'GET', path: '/admin/api/messages' },
  { method: 'GET', path: '/admin/api/messages/stats' },
];

/** What must never reach a client: SQL, its parameters, driver internals, stack frames. */
function expectNothingInternal(text: string) {
  expect(text).not.toMatch(
    /failed query|params:|select |insert |from "|\bat .*\.ts:\d+|ECONN|PGlite|postgres/i,
  );
}

forEachDatabase((driver) => {
  describe(`database errors through routes on ${driver}`, () => {
    let test: (TestApp & { log: ReturnType<typeof capturingLogger> }) | undefined;
    afterEach(async () => {
      await test?.cleanup().catch(() => {});
      test = undefined;
    });

    async function appIn(env: Config['env']) {
      const log = capturingLogger();
      test = { ...(await createTestApp({ driver, config: { env }, logger: log.logger })), log };
      return test;
    }

    for (const env of ['production', 'development'] as const) {
      it(`a real SQL error → opaque 500 in ${env}; the log keeps the SQL under the request id`, async () => {
        const { app, database, authHeader, log } = await appIn(env);
        const headers = await authHeader();
        // A deploy that forgot a migration: the table a route reads is gone.
        await database.db.execute(sql`drop table users cascade`);
        const res = await app.request('/users/+254712345678', { headers });
        const text = await res.text();
        expect(res.status).toBe(500);
        const body = JSON.parse(text) as ErrorJson;
        expect(body).toEqual({
          error: { code: 'internal', message: 'internal server error', requestId: body.error.requestId },
        });
        expectNothingInternal(text);
        const logged = log.lines().find((line) => line.msg === 'unhandled error in request');
        expect(logged).toMatchObject({ requestId: body.error.requestId, path: '/users/+254712345678' });
        expect(JSON.stringify(logged)).toMatch(/Failed query: select/);
      });
    }

    it('the database going away → 503 with Retry-After on every database route, SQL only in the log', async () => {
      const { app, database, authHeader, log } = await appIn('development');
      const headers = await authHeader();
      await database.close();
      for (const route of DATABASE_ROUTES) {
        const res = await app.request(route.path, {
          method: route.method,
          headers: { ...headers, ...(route.body ? { 'Content-Type': 'application/json' } : {}) },
          body: route.body ? JSON.stringify(route.body) : undefined,
        });
        const text = await res.text();
        expect({ route: route.path, status: res.status }).toEqual({ route: route.path, status: 503 });
        expect(res.headers.get('Retry-After')).toBe('5');
        const body = JSON.parse(text) as ErrorJson;
        expect(body.error).toEqual({
          code: 'unavailable',
          message: 'the database is unavailable: try again shortly',
          requestId: res.headers.get('X-Request-Id'),
        });
        expectNothingInternal(text);
      }
      const logged = log.lines().filter((line) => line.msg === 'database unavailable: answered 503');
      expect(logged).toHaveLength(DATABASE_ROUTES.length);
      expect(logged[0]).toMatchObject({ level: 50, requestId: expect.any(String), method: 'POST' });
      expect(JSON.stringify(logged[0])).toMatch(/Failed query/);
      const health = await app.request('/health/ready');
      expect(health.status).toBe(503);
    });
  });
});
