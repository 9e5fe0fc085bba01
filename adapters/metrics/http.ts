import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { MetricsConfig } from '../config/metrics.js';
import type { AppEnv } from '../http/env.js';
import { HttpError } from '../http/errors.js';
import type { Metrics } from './registry.js';

/**
 * Latency of every request by route pattern (`/api/users/:id`, never the raw path: bounded label
 * values, and no file token or callback secret in a label). A request no route matched is `unmatched`.
 */
export function httpMetrics(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async function httpMetrics(c, next) {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = routePath(c, -1);
      metrics.http.observe(
        {
          method: c.req.method,
          route: c.res.status === 404 && route.endsWith('*') ? 'unmatched' : route,
          status: String(c.res.status),
        },
        (performance.now() - started) / 1000,
      );
    }
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const PROXIED = ['x-forwarded-for', 'forwarded', 'x-real-ip'];
const BEARER = /^Bearer\s+(\S+)\s*$/i;
const digest = (text: string) => createHash('sha256').update(text).digest();

/** A scrape straight from this machine: a loopback peer, not relayed by a proxy on this machine. */
function directLoopback(c: Context): boolean {
  if (PROXIED.some((header) => c.req.header(header) !== undefined)) return false;
  try {
    return LOOPBACK.has(getConnInfo(c).remote.address ?? '');
  } catch {
    return false; // in-process requests (tests) have no socket
  }
}

/**
 * `GET /metrics` in Prometheus text format. With METRICS_TOKEN: only `Authorization: Bearer <token>`.
 * Without: only direct loopback clients (a sidecar or `curl` on the host); anyone else gets 401.
 */
export function metricsRoutes(metrics: Metrics, config: MetricsConfig): Hono<AppEnv> {
  const expected = config.token === undefined ? undefined : digest(config.token);
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    if (expected) {
      const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
      if (!token || !timingSafeEqual(digest(token), expected)) {
        c.header('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new HttpError(
          401,
          'unauthorized',
          token
            ? '/metrics: the bearer token does not match METRICS_TOKEN'
            : '/metrics needs Authorization: Bearer <METRICS_TOKEN>',
        );
      }
    } else if (!directLoopback(c)) {
      throw new HttpError(
        401,
        'unauthorized',
        '/metrics answers only on loopback while METRICS_TOKEN is unset: set METRICS_TOKEN and scrape with Authorization: Bearer <token>',
      );
    }
    const body = await metrics.registry.metrics();
    return c.body(body, 200, { 'Content-Type': metrics.registry.contentType });
  });
  return routes;
}
