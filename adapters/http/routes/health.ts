import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import type { AppEnv } from '../env.js';

export type ProbeState = 'up' | 'down';
export const DEFAULT_PROBE_TIMEOUT_MS = 1000;

/** 'up' only when `probe` settles truthy within `timeoutMs`: a hung dependency counts as down. */
async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<ProbeState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const result = await Promise.race([check().then((ok) => ok !== false), timeout]);
    return result ? 'up' : 'down';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness (`/health`) and readiness (`/health/ready`, 503 when a dependency is down). */
export function healthRoutes(deps: AppDeps, options: { probeTimeoutMs?: number } = {}): Hono<AppEnv> {
  const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const routes = new Hono<AppEnv>();

  routes.get('/', (c) => c.json({ status: 'ok', timestamp: new Date().toISOString() }));

  routes.get('/ready', async (c) => {
    const [database, scheduler, cache] = await Promise.all([
      probe(() => deps.database.ping(), timeoutMs),
      probe(() => deps.scheduler.ping(), timeoutMs),
      probe(() => deps.cache.ping(), timeoutMs),
    ]);
    const checks = { database, scheduler, cache };
    const healthy = Object.values(checks).every((state) => state === 'up');
    return c.json({ status: healthy ? 'ok' : 'degraded', checks }, healthy ? 200 : 503);
  });

  return routes;
}
