import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps.js';
import { lazyCatalog } from '../http/routes/courses.js';
import { analyticsRoutes } from './analytics-routes.js';
import { assetRoutes } from './assets.js';
import { contentRoutes, type ContentOptions } from './content-routes.js';
import { bulkRoutes } from './bulk-routes.js';
import { conversationRoutes } from './conversation-routes.js';
import { auditRoutes } from './audit-routes.js';
import type { DashboardEnv } from './env.js';
import { learnerRoutes } from './learner-routes.js';
import { loginRoutes } from './login-routes.js';
import { overviewRoutes, type OverviewOptions } from './overview-routes.js';
import { paymentsRoutes } from './payments-routes.js';
import { dashboardSession, sameOrigin } from './session.js';
import { systemRoutes } from './system-routes.js';

/** Our own scripts, styles and images only; `data:` for the charts drawn on the server. */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

const contentSecurityPolicy: MiddlewareHandler = async function contentSecurityPolicy(c, next) {
  await next();
  c.header('Content-Security-Policy', DASHBOARD_CSP);
};

/**
 * The pages behind the session, by path (mounted under /admin, beside /admin/api, which it leaves
 * alone); Hono's `/learners/*` also matches `/learners`.
 */
const SIGNED_IN = [
  '/',
  '/overview/*',
  '/learners/*',
  '/content/*',
  '/analytics/*',
  '/payments/*',
  '/bulk/*',
  '/system/*',
  '/audit/*',
];

/**
 * The operator's web dashboard at /admin (docs/dashboard.md): server-rendered pages (hono/jsx),
 * htmx for links and forms without reloads, a live overview over SSE. Mount it after the
 * /admin/api groups.
 */
export function dashboardRoutes(
  deps: AppDeps,
  options: OverviewOptions & Partial<ContentOptions> = {},
): Hono<DashboardEnv> {
  const routes = new Hono<DashboardEnv>();
  const session = dashboardSession(deps);
  const origin = sameOrigin(deps);
  for (const path of ['/login', '/logout', '/assets/*', ...SIGNED_IN])
    routes.use(path, contentSecurityPolicy);
  routes.route('/', assetRoutes());
  routes.route('/', loginRoutes(deps));
  for (const path of SIGNED_IN) {
    routes.post(path, origin);
    routes.use(path, session);
  }
  routes.route('/', overviewRoutes(deps, options));
  routes.route('/', learnerRoutes(deps));
  routes.route('/', contentRoutes(deps, { catalog: options.catalog ?? lazyCatalog(deps.database.db) }));
  routes.route('/', bulkRoutes(deps));
  routes.route('/', conversationRoutes(deps, { catalog: options.catalog ?? lazyCatalog(deps.database.db) }));
  routes.route(
    '/',
    analyticsRoutes(deps, { now: options.now, catalog: options.catalog ?? lazyCatalog(deps.database.db) }),
  );
  routes.route('/', paymentsRoutes(deps, { now: options.now }));
  routes.route('/', auditRoutes(deps));
  routes.route('/', systemRoutes(deps, options));
  return routes;
}
