import { Hono } from 'hono';
import { usageByDay } from '../../services/tutor-state.js';
import type { AppDeps } from '../../deps.js';
import type { AppEnv } from '../env.js';
import { validationFailed } from '../errors.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { validateQuery, type JSONSchemaType } from '../validate.js';

interface UsageQuery {
  from?: string | null;
  to?: string | null;
}

const DAY = '^\\d{4}-\\d{2}-\\d{2}$';
const DAY_MESSAGE = 'must be a day like 2026-03-02 (UTC)';
const MAX_DAYS = 92;

const usageSchema: JSONSchemaType<UsageQuery> = {
  type: 'object',
  properties: {
    from: { type: 'string', nullable: true, pattern: DAY },
    to: { type: 'string', nullable: true, pattern: DAY },
  },
  required: [],
  additionalProperties: false,
  errorMessage: { properties: { from: DAY_MESSAGE, to: DAY_MESSAGE } },
};

/** Midnight UTC of a day; an invalid date for a day that does not exist (2026-02-30 does not roll over). */
const dayStart = (day: string) => {
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day ? at : new Date(NaN);
};

/**
 * `GET /admin/api/tutor/usage?from=&to=`: the tutor's use by UTC day (model calls, offline
 * answers, tokens, estimated cost) and the total; the last 30 days by default, at most 92.
 */
export function tutorUsageRoutes(deps: AppDeps, options: { now?: () => Date } = {}): Hono<AppEnv> {
  const now = options.now ?? (() => new Date());
  const routes = new Hono<AppEnv>();
  routes.use('*', requireAdmin(deps));

  routes.get('/usage', validateQuery(usageSchema), async (c) => {
    const query = c.req.valid('query');
    const to = query.to ? dayStart(query.to) : dayStart(now().toISOString().slice(0, 10));
    const from = query.from ? dayStart(query.from) : new Date(to.getTime() - 29 * 86_400_000);
    const problems = [
      ...(Number.isNaN(from.getTime()) ? [{ field: '/from', reason: DAY_MESSAGE }] : []),
      ...(Number.isNaN(to.getTime()) ? [{ field: '/to', reason: DAY_MESSAGE }] : []),
    ];
    if (problems.length) throw validationFailed(problems);
    if (from > to) throw validationFailed([{ field: '/from', reason: 'must not be after to' }]);
    if ((to.getTime() - from.getTime()) / 86_400_000 + 1 > MAX_DAYS)
      throw validationFailed([{ field: '/from', reason: `the range is at most ${MAX_DAYS} days` }]);
    const days = await usageByDay(deps.cache, from, to);
    const total = days.reduce(
      (sum, day) => ({
        calls: sum.calls + day.calls,
        offline: sum.offline + day.offline,
        promptTokens: sum.promptTokens + day.promptTokens,
        completionTokens: sum.completionTokens + day.completionTokens,
        costUsd: sum.costUsd + day.costUsd,
      }),
      { calls: 0, offline: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
    );
    return c.json({ days, total: { ...total, costUsd: Math.round(total.costUsd * 1e6) / 1e6 } });
  });
  return routes;
}
