import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { AppDeps } from '../../deps.js';
import { createTestApp, fakeCache, type TestApp } from '../testing.js';

const never = () => new Promise<never>(() => {});

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

  it('→ 503 degraded naming the dependency that is down', async () => {
    expect(await ready({ cache: fakeCache({ up: false }) })).toEqual({
      status: 503,
      body: { status: 'degraded', checks: { database: 'up', scheduler: 'up', cache: 'down' } },
    });
    expect(
      await ready({ scheduler: { ping: () => Promise.reject(new Error('pg-boss stopped')) } }),
    ).toMatchObject({
      status: 503,
      body: { checks: { scheduler: 'down' } },
    });
    const brokenDatabase = { ...test.database, ping: () => Promise.reject(new Error('connection refused')) };
    expect(await ready({ database: brokenDatabase })).toMatchObject({
      status: 503,
      body: { checks: { database: 'down' } },
    });
  });

  it('a dependency that hangs is reported down after the probe timeout', async () => {
    const started = Date.now();
    const result = await ready({ scheduler: { ping: never }, database: { ...test.database, ping: never } });
    expect(result).toEqual({
      status: 503,
      body: { status: 'degraded', checks: { database: 'down', scheduler: 'down', cache: 'up' } },
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
