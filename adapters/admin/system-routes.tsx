import { Hono } from 'hono';
import { recentErrorGroups } from '../../db/repositories/error-groups.js';
import { recentFailures } from '../../db/repositories/ops-measures.js';
import { checkAlerts } from '../alerts/check.js';
import type { AppDeps } from '../deps.js';
import { readiness } from '../http/routes/health.js';
import type { DashboardEnv } from './env.js';
import { SystemPage } from './pages/system.js';
import { page, refusal } from './refusal.js';
import { Layout } from './pages/layout.js';
import { ApiReference } from '../http/routes/openapi.js';
import { viewerOf } from './viewer.js';

/** GET /admin/system: the operator's view of the running service and its alerts. */
export function systemRoutes(
  deps: AppDeps,
  options: { now?: () => Date; apiDocument?: () => Record<string, unknown> } = {},
): Hono<DashboardEnv> {
  const now = options.now ?? (() => new Date());
  const db = deps.database.db;
  const routes = new Hono<DashboardEnv>();
  routes.get('/system', async (c) => {
    const at = now();
    const config = deps.config.alerts;
    const since = new Date(at.getTime() - config.windowMinutes * 60_000);
    const [health, queues, check, errors, failures] = await Promise.all([
      readiness(deps),
      deps.scheduler.queues?.().catch(() => null) ?? Promise.resolve(null),
      checkAlerts({ db, config, logger: deps.logger, now: at }),
      recentErrorGroups(db, { since, limit: 20 }),
      recentFailures(db, 20),
    ]);
    return page(
      c,
      <SystemPage
        viewer={viewerOf(c)}
        asOf={at.toISOString().slice(0, 19).replace('T', ' ')}
        windowMinutes={config.windowMinutes}
        {...{ health, queues, check, errors, failures }}
      />,
    );
  });
  routes.get('/system/api', (c) => {
    if (!options.apiDocument) return refusal(c, 404, 'The API reference is not available here.');
    return page(
      c,
      <Layout title="Admin API reference" viewer={viewerOf(c)} current="system">
        <ApiReference doc={options.apiDocument()} />
      </Layout>,
    );
  });
  return routes;
}
