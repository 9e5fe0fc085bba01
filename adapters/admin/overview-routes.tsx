import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppDeps } from '../deps.js';
import { usageByDay } from '../services/tutor-state.js';
import { dailyActivity, overviewFigures } from '../../db/repositories/dashboard.js';
import { checkAlerts } from '../alerts/check.js';
import { activityChart, messagesChart } from './charts.js';
import type { DashboardEnv } from './env.js';
import { figureTexts, tutorTotal, type Overview } from './figures.js';
import { OverviewPage } from './pages/overview.js';
import { page } from './refusal.js';
import { viewerOf } from './viewer.js';

export interface OverviewOptions {
  now?: () => Date;
  /** How often the live stream sends fresh figures; 10 s by default. */
  liveIntervalMs?: number;
  /** The admin API's OpenAPI document, shown at /admin/system/api. */
  apiDocument?: () => Record<string, unknown>;
}

const DAY_MS = 86_400_000;
const asOfText = (at: Date) => at.toISOString().slice(0, 19).replace('T', ' ');

/** GET /admin (the overview) and GET /admin/overview/live (its figures over SSE). */
export function overviewRoutes(deps: AppDeps, options: OverviewOptions = {}): Hono<DashboardEnv> {
  const now = options.now ?? (() => new Date());
  const interval = options.liveIntervalMs ?? 10_000;
  const db = deps.database.db;
  const routes = new Hono<DashboardEnv>();

  async function overview(at: Date): Promise<Overview> {
    const figures = await overviewFigures(db, at);
    const today = new Date(`${at.toISOString().slice(0, 10)}T00:00:00Z`);
    const tutor = tutorTotal(await usageByDay(deps.cache, new Date(today.getTime() - 29 * DAY_MS), today));
    return { ...figures, tutor };
  }

  routes.get('/', async (c) => {
    const at = now();
    const [figures, days, check] = await Promise.all([
      overview(at),
      dailyActivity(db, at),
      checkAlerts({ db, config: deps.config.alerts, logger: deps.logger, now: at }),
    ]);
    return page(
      c,
      <OverviewPage
        viewer={viewerOf(c)}
        figures={figureTexts(figures)}
        charts={[activityChart(days), messagesChart(days)]}
        asOf={asOfText(at)}
        alerts={check.open}
      />,
    );
  });

  routes.get('/overview', (c) => c.redirect('/admin', 301));

  routes.get('/overview/live', (c) =>
    streamSSE(c, async (stream) => {
      while (!stream.aborted && !stream.closed) {
        const at = now();
        const texts = { ...figureTexts(await overview(at)), asOf: asOfText(at) };
        await stream.writeSSE({ event: 'figures', data: JSON.stringify(texts) });
        await stream.sleep(interval);
      }
    }),
  );

  return routes;
}
