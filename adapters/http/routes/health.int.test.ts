import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../tests/harness/db.js';
import { RedisCache } from '../../cache/redis.js';
import { createApp } from '../app.js';
import type { AppDeps } from '../../deps.js';
import { createTestApp, fakeCache, type TestApp } from '../../../tests/harness/http-app.js';

const never = () => new Promise<never>(() => {});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('health', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(async () => test?.cleanup());

  const ready = async (deps: Partial<AppDeps>) => {
    const app = createApp({ ...test.deps, ...deps }, { probeTimeoutMs: 50 });
    const res = await app.request('/health/ready');
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('GET /health → 200 ok with an ISO timestamp', async () => {
    const res = await test.app.request('/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; timestamp: string };
    expect(body.status).toBe('ok');
    expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
  });

  it('GET /health/ready → 200 when database, scheduler and cache answer', async () => {
    expect(await ready({})).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: 'up', scheduler: 'up', cache: 'up' } },
    });
  });

  it('Redis down → 200 degraded: the product keeps working on in-process counters', async () => {
    // A real RedisCache whose server is not there (a port nothing listens on).
    const redis = new RedisCache({
      url: `redis://127.0.0.1:${await closedPort()}`,
      logger: pino({ level: 'silent' }),
    });
    try {
      expect(await ready({ cache: redis })).toEqual({
        status: 200,
        body: { status: 'degraded', checks: { database: 'up', scheduler: 'up', cache: 'down' } },
      });
    } finally {
      await redis.close();
    }
  });

  it('database or scheduler down → 503 unavailable, naming what is down', async () => {
    const closed = await testDatabase('pglite');
    await closed.close();
    expect(await ready({ database: closed })).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { database: 'down', scheduler: 'up', cache: 'up' } },
    });
    expect(await ready({ scheduler: { ping: () => Promise.reject(new Error('pg-boss stopped')) } })).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { database: 'up', scheduler: 'down', cache: 'up' } },
    });
    expect(await ready({ scheduler: { ping: never }, cache: fakeCache({ up: false }) })).toMatchObject({
      status: 503,
      body: { status: 'unavailable', checks: { scheduler: 'down', cache: 'down' } },
    });
  });

  it('a dependency that hangs is reported down after the probe timeout', async () => {
    const started = Date.now();
    const result = await ready({ scheduler: { ping: never }, database: { ...test.database, ping: never } });
    expect(result).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { database: 'down', scheduler: 'down', cache: 'up' } },
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
