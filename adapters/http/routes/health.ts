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

export interface Readiness {
  status: 'ok' | 'degraded' | 'unavailable';
  checks: { database: ProbeState; scheduler: ProbeState; cache: ProbeState };
}

/** Each dependency probed at once (shared by /health/ready and the dashboard's system page). */
export async function readiness(
  deps: Pick<AppDeps, 'database' | 'scheduler' | 'cache'>,
  timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
): Promise<Readiness> {
  const [database, scheduler, cache] = await Promise.all([
    probe(() => deps.database.ping(), timeoutMs),
    probe(() => deps.scheduler.ping(), timeoutMs),
    probe(() => deps.cache.ping(), timeoutMs),
  ]);
  const checks = { database, scheduler, cache };
  if (database === 'down' || scheduler === 'down') return { status: 'unavailable', checks };
  return { status: cache === 'up' ? 'ok' : 'degraded', checks };
}

/**
 * Liveness (`/health`) and readiness (`/health/ready`). The database and the scheduler (pg-boss
 * on it) are required: either down is 503 `unavailable`. The cache is not: without Redis the
 * product keeps working on in-process counters, so Redis down is 200 `degraded`.
 */
export function healthRoutes(deps: AppDeps, options: { probeTimeoutMs?: number } = {}): Hono<AppEnv> {
  const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const routes = new Hono<AppEnv>();

  routes.get('/', (c) => c.json({ status: 'ok', timestamp: new Date().toISOString() }));

  routes.get('/ready', async (c) => {
    const ready = await readiness(deps, timeoutMs);
    return c.json(ready, ready.status === 'unavailable' ? 503 : 200);
  });

  return routes;
}
