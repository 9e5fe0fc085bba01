import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { RefreshableCatalog } from '../../db/repositories/content.js';
import { dashboardRoutes } from '../admin/index.js';
import type { AppDeps } from '../deps.js';
import type { AppEnv } from './env.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { adminAnalyticsRoutes } from './routes/admin-analytics.js';
import { adminAuditRoutes } from './routes/admin-audit.js';
import { adminErrorsRoutes } from './routes/admin-errors.js';
import { openApiRoutes } from './routes/openapi.js';
import { openApiDocument } from './routes/openapi-document.js';
import { adminPaymentsRoutes } from './routes/admin-payments.js';
import { auditTrail } from './middleware/audit-trail.js';
import { bodyLimit } from './middleware/body-limit.js';
import { requestLogger } from './middleware/request-logger.js';
import { activityRoutes } from './routes/activity.js';
import { tutorUsageRoutes } from './routes/tutor-usage.js';
import { adminRoutes } from './routes/admin.js';
import { adminContentRoutes } from './routes/admin-content.js';
import { botRoutes } from './routes/bot.js';
import { coursesRoutes, lazyCatalog } from './routes/courses.js';
import { filesRoutes } from './routes/files.js';
import { certificatesRoutes } from './routes/certificates.js';
import { healthRoutes } from './routes/health.js';
import { httpMetrics, metricsRoutes } from '../metrics/http.js';
import { itemsRoutes } from './routes/items.js';
import { lessonsRoutes } from './routes/lessons.js';
import { messagesRoutes } from './routes/messages.js';
import { profileRoutes } from './routes/profile.js';
import { usersRoutes } from './routes/users.js';

export type { AppEnv };
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface AppExtras {
  /** Adds routes after the built-in groups (the engine's webhooks, the simulator …). */
  mount?: (app: Hono<AppEnv>) => void;
  /** The clock for time-dependent answers; tests pass a fixed one. */
  now?: () => Date;
  /** How long /health/ready waits for each dependency before calling it down. */
  probeTimeoutMs?: number;
  maxBodyBytes?: number;
  /** The content catalog turns read (the runtime's); read from the database on first use when left out. */
  catalog?: RefreshableCatalog;
  /** How often the dashboard's live overview sends fresh figures (10 s by default). */
  dashboardLiveMs?: number;
}

/** The HTTP app: request id, request log, security headers, body limit, the route groups, JSON errors. */
export function createApp(deps: AppDeps, extra: AppExtras = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const maxBodyBytes = extra.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  app.use(requestId());
  if (deps.metrics) app.use(httpMetrics(deps.metrics));
  app.use(requestLogger({ logger: deps.logger }));
  app.use(secureHeaders());
  app.use(bodyLimit(maxBodyBytes));
  app.use(auditTrail(deps));

  app.route('/health', healthRoutes(deps, { probeTimeoutMs: extra.probeTimeoutMs }));
  if (deps.metrics) app.route('/metrics', metricsRoutes(deps.metrics, deps.config.metrics));
  app.route('/bot', botRoutes(deps));
  app.route('/admin', adminRoutes(deps));
  app.route('/admin/api/activity', activityRoutes(deps));
  app.route('/admin/api/messages', messagesRoutes(deps));
  app.route('/admin/api/items', itemsRoutes(deps));
  app.route('/admin/api/tutor', tutorUsageRoutes(deps, { now: extra.now }));
  app.route('/admin/api/payments', adminPaymentsRoutes(deps, { now: extra.now }));
  app.route('/admin/api/audit', adminAuditRoutes(deps));
  app.route('/admin/api/errors', adminErrorsRoutes(deps, { now: extra.now }));
  app.route('/api/users', profileRoutes(deps, { now: extra.now }));
  const catalog = lazyCatalog(deps.database.db, extra.catalog);
  app.route('/api/courses', coursesRoutes({ catalog }));
  app.route('/admin/api/courses', adminContentRoutes(deps, { catalog }));
  app.route('/admin/api/analytics', adminAnalyticsRoutes(deps, { now: extra.now, catalog }));
  app.route('/users', usersRoutes(deps));
  app.route('/lessons', lessonsRoutes(deps, { now: extra.now }));
  app.route('/files', filesRoutes(deps, { now: extra.now }));
  app.route('/certificates', certificatesRoutes(deps));
  // Built on first request, when every route (extra.mount's too) is registered.
  let apiDocument: ReturnType<typeof openApiDocument> | undefined;
  const document = () => (apiDocument ??= openApiDocument(app));
  app.route('/admin/api', openApiRoutes(document));
  // The HTML dashboard after every /admin/api group: its session guard covers only its own pages.
  app.route(
    '/admin',
    dashboardRoutes(deps, {
      now: extra.now,
      liveIntervalMs: extra.dashboardLiveMs,
      catalog,
      apiDocument: document,
    }),
  );
  extra.mount?.(app);

  app.onError(errorHandler({ logger: deps.logger }));
  app.notFound(notFoundHandler());
  return app;
}

/**
 * A worker process's HTTP (ROLE=worker): only /health, for the orchestrator's probes, and /metrics.
 * Webhooks, the dashboard and the APIs are the web processes'.
 */
export function createWorkerApp(deps: AppDeps, extra: Pick<AppExtras, 'probeTimeoutMs'> = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  if (deps.metrics) app.use(httpMetrics(deps.metrics));
  app.use(requestLogger({ logger: deps.logger }));
  app.use(secureHeaders());
  app.route('/health', healthRoutes(deps, { probeTimeoutMs: extra.probeTimeoutMs }));
  if (deps.metrics) app.route('/metrics', metricsRoutes(deps.metrics, deps.config.metrics));
  app.onError(errorHandler({ logger: deps.logger }));
  app.notFound(notFoundHandler());
  return app;
}
