import { Hono } from 'hono';
import { DateTime } from 'luxon';
import { cohortActivity, courseFunnel } from '../../../db/repositories/analytics.js';
import type { ContentCatalog } from '../../../content/catalog.js';
import type { Database } from '../../../db/client.js';
import type { AppDeps } from '../../deps.js';
import type { AppEnv } from '../env.js';
import { notFound } from '../errors.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { validateQuery, type JSONSchemaType } from '../validate.js';
import { rangeMessages, rangeProperties, timeRange } from './admin-query.js';

interface RetentionQuery {
  from?: string | null;
  to?: string | null;
  weeks: number;
}

const retentionSchema: JSONSchemaType<RetentionQuery> = {
  type: 'object',
  properties: { ...rangeProperties, weeks: { type: 'integer', minimum: 1, maximum: 52, default: 8 } },
  required: ['weeks'],
  additionalProperties: false,
  errorMessage: { properties: { ...rangeMessages, weeks: 'must be a whole number of weeks from 1 to 52' } },
};

interface FunnelQuery {
  course?: string | null;
}

const funnelSchema: JSONSchemaType<FunnelQuery> = {
  type: 'object',
  properties: {
    course: { type: 'string', nullable: true, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 200 },
  },
  required: [],
  additionalProperties: false,
  errorMessage: { properties: { course: 'must be a course slug' } },
};

/** Default cohorts: the last 12 weeks, this one included. */
const DEFAULT_COHORT_WEEKS = 12;
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : 0);

/** Weekly cohorts by first message in [from, to) (default: the last 12 weeks), each with its learners active per week since. */
export async function retentionCohorts(
  db: Database,
  query: { from?: Date; to?: Date; weeks: number },
  at: Date,
) {
  const today = DateTime.fromJSDate(at, { zone: 'utc' });
  const from =
    query.from ??
    today
      .startOf('week')
      .minus({ weeks: DEFAULT_COHORT_WEEKS - 1 })
      .toJSDate();
  const to = query.to ?? today.toJSDate();
  const rows = await cohortActivity(db, { from, to });
  const cohorts = [...new Set(rows.map((row) => row.cohort))].map((week) => {
    const started = DateTime.fromISO(week, { zone: 'utc' });
    const begun = Math.floor(today.diff(started, 'weeks').weeks) + 1;
    const active = Array.from({ length: Math.max(1, Math.min(query.weeks, begun)) }, (_, offset) => {
      return rows.find((row) => row.cohort === week && row.offset === offset)?.learners ?? 0;
    });
    const learners = active[0] ?? 0;
    return { week, learners, active, retention: active.map((n) => share(n, learners)) };
  });
  return { from: from.toISOString(), to: to.toISOString(), weeks: query.weeks, cohorts };
}

/** Each course's (or one's) completion funnel, lesson by lesson (archived lessons left out). */
export async function courseFunnels(db: Database, catalog: ContentCatalog, course?: string) {
  const courses = course
    ? [catalog.course(course)].filter((entry) => entry !== undefined)
    : catalog.courses();
  return Promise.all(
    courses.map(async (entry) => {
      const lessons = catalog.lessons(entry.slug).filter((lesson) => !lesson.archived);
      const counts = await courseFunnel(
        db,
        entry.slug,
        lessons.map((l) => l.slug),
      );
      let previous = counts.enrolled;
      const steps = lessons.map((lesson, i) => {
        const learners = counts.lessons.get(lesson.slug) ?? 0;
        const step = {
          position: i + 1,
          lesson: lesson.slug,
          title: lesson.title,
          learners,
          share: share(learners, counts.enrolled),
          fromPrevious: share(learners, previous),
        };
        previous = learners;
        return step;
      });
      return {
        course: entry.slug,
        title: entry.title,
        enrolled: counts.enrolled,
        lessons: steps,
        completed: counts.completed,
        completionRate: share(counts.completed, counts.enrolled),
      };
    }),
  );
}

/**
 * `/admin/api/analytics` (docs/http-api.md#analytics): `GET /retention?from=&to=&weeks=` weekly
 * cohorts by first message, with the learners active in each week since (only weeks that have
 * begun); `GET /funnel?course=` each course's (or one's) completion funnel, lesson by lesson.
 */
export function adminAnalyticsRoutes(
  deps: AppDeps,
  options: { now?: () => Date; catalog: () => Promise<ContentCatalog> },
): Hono<AppEnv> {
  const db = deps.database.db;
  const now = options.now ?? (() => new Date());
  const routes = new Hono<AppEnv>();
  routes.use('*', requireAdmin(deps));

  routes.get('/retention', validateQuery(retentionSchema), async (c) => {
    const query = c.req.valid('query');
    return c.json(await retentionCohorts(db, { ...timeRange(query), weeks: query.weeks }, now()));
  });

  routes.get('/funnel', validateQuery(funnelSchema), async (c) => {
    const { course } = c.req.valid('query');
    const catalog = await options.catalog();
    if (course && !catalog.course(course)) throw notFound('course');
    return c.json({ courses: await courseFunnels(db, catalog, course ?? undefined) });
  });

  return routes;
}
