import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../http/env.js';
import { errorHandler } from '../http/errors.js';
import { metricsRoutes } from './http.js';
import { createMetrics } from './registry.js';
import pino from 'pino';

/** Without METRICS_TOKEN, /metrics answers a direct loopback client only. */
describe('/metrics with METRICS_TOKEN unset', () => {
  const app = new Hono<AppEnv>();
  app.route('/metrics', metricsRoutes(createMetrics(), { slowQueryMs: 0 }));
  app.onError(errorHandler({ logger: pino({ level: 'silent' }) }));
  let server: ReturnType<typeof serve>;
  let base = '';
  beforeAll(async () => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => void server.close());

  it('serves a scrape from loopback', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('# TYPE learnloop_turn_duration_seconds histogram');
  });

  it('refuses a request relayed by a proxy on this machine (it carries X-Forwarded-For)', async () => {
    const response = await fetch(`${base}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      '/metrics answers only on loopback while METRICS_TOKEN is unset: set METRICS_TOKEN and scrape with Authorization: Bearer <token>',
    );
  });

  it('refuses a request with no socket address (in-process)', async () => {
    expect((await app.request('/metrics')).status).toBe(401);
  });
});
