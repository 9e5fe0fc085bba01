import { Hono, type Context } from 'hono';
import type { ContentCatalog } from '../../content/catalog.js';
import type { AppDeps } from '../deps.js';
import { courseFunnels, retentionCohorts } from '../http/routes/admin-analytics.js';
import { itemStatistics } from '../http/routes/items.js';
import { inLanguage } from '../../flows/questions.js';
import { barChart } from './analytics-charts.js';
import { funnelTable, itemsTable, percent, retentionTable, type FunnelStep } from './analytics-tables.js';
import { analyticsReportRoutes } from './analytics-report-routes.js';
import type { DashboardEnv } from './env.js';
import { pageOrDownload } from './export.js';
import { AnalyticsPage, FilterForm } from './pages/analytics.js';
import { TableCard } from './pages/table-view.js';
import { page, refusal } from './refusal.js';
import { viewerOf } from './viewer.js';

/** Titles in English on the dashboard, else the first language the author wrote. */
const english = (text: Parameters<typeof inLanguage>[0]) => inLanguage(text, 'en');
const WEEK_CHOICES = ['4', '8', '12'];

export interface AnalyticsOptions {
  now?: () => Date;
  catalog: () => Promise<ContentCatalog>;
}

/** A course chosen by `?course=` (the first one when none is), or a 400 naming the choices. */
function chosenCourse(c: Context, catalog: ContentCatalog) {
  const courses = catalog.courses();
  const slug = c.req.query('course') || courses[0]?.slug;
  const course = slug ? catalog.course(slug) : undefined;
  if (slug && !course)
    return {
      problem: `There is no course "${slug.slice(0, 100)}": choose one of ${courses.map((x) => x.slug).join(', ')}.`,
    };
  return { course, courses };
}

/**
 * /admin/analytics: completion funnel per course, retention by weekly cohort, engagement by hour of
 * day, quiz item analysis and the weekly report; every table downloads as CSV or JSON (`?format=`).
 */
export function analyticsRoutes(deps: AppDeps, options: AnalyticsOptions): Hono<DashboardEnv> {
  const db = deps.database.db;
  const now = options.now ?? (() => new Date());
  const routes = new Hono<DashboardEnv>();

  routes.get('/analytics', async (c) => {
    const catalog = await options.catalog();
    const chosen = chosenCourse(c, catalog);
    if ('problem' in chosen) return refusal(c, 400, chosen.problem!);
    const { course, courses } = chosen;
    const [funnel] = course ? await courseFunnels(db, catalog, course.slug) : [];
    const steps: FunnelStep[] = funnel
      ? [
          {
            step: 'chose',
            lesson: null,
            title: 'Chose the course',
            learners: funnel.enrolled,
            share: 1,
            fromPrevious: null,
          },
          ...funnel.lessons.map((l) => ({
            step: `lesson ${l.position}`,
            lesson: l.lesson,
            title: english(l.title),
            learners: l.learners,
            share: l.share,
            fromPrevious: l.fromPrevious,
          })),
          {
            step: 'completed',
            lesson: null,
            title: 'Finished every lesson',
            learners: funnel.completed,
            share: funnel.completionRate,
            fromPrevious: null,
          },
        ]
      : [];
    const view = funnelTable(course?.slug ?? 'none', steps);
    return pageOrDownload(c, view, () =>
      page(
        c,
        <AnalyticsPage
          viewer={viewerOf(c)}
          current="funnel"
          intro="Learners who chose the course, then those who finished each lesson (first completions), then those who finished them all."
          filters={
            <FilterForm
              action="/admin/analytics"
              fields={[
                {
                  name: 'course',
                  label: 'Course',
                  value: course?.slug ?? '',
                  options: courses.map((x) => [x.slug, english(x.title)]),
                },
              ]}
            />
          }
          chart={
            funnel &&
            barChart({
              labels: steps.map((s) => (s.lesson ? String(steps.indexOf(s)) : s.step)),
              values: steps.map((s) => s.learners),
              series: 'Learners',
              alt: `${english(funnel.title)}: ${funnel.enrolled} chose it, ${funnel.completed} finished every lesson (${percent(funnel.completionRate)}).`,
            })
          }
        >
          <TableCard
            view={view}
            id="funnel-title"
            title={course ? `Funnel of ${english(course.title)}` : 'Funnel'}
            path="/admin/analytics"
            query={{ course: course?.slug ?? '' }}
            empty="There are no courses yet."
            numeric={['learners', 'share', 'from_previous']}
          />
        </AnalyticsPage>,
      ),
    );
  });

  routes.get('/analytics/retention', async (c) => {
    const weeksText = c.req.query('weeks') || '8';
    if (!WEEK_CHOICES.includes(weeksText))
      return refusal(c, 400, `Weeks must be one of ${WEEK_CHOICES.join(', ')}.`);
    const weeks = Number(weeksText);
    const { cohorts } = await retentionCohorts(db, { weeks }, now());
    const view = retentionTable(cohorts, weeks);
    // The share of all cohorts' learners still writing k weeks on, over the cohorts that have reached week k.
    const overall = Array.from({ length: weeks }, (_, k) => {
      const reached = cohorts.filter((x) => x.active.length > k);
      const whole = reached.reduce((n, x) => n + x.learners, 0);
      return whole ? Math.round((reached.reduce((n, x) => n + x.active[k]!, 0) / whole) * 1000) / 10 : 0;
    });
    return pageOrDownload(c, view, () =>
      page(
        c,
        <AnalyticsPage
          viewer={viewerOf(c)}
          current="retention"
          intro="Learners grouped by the week (from Monday, UTC) of their first message; each later week shows the share who wrote again in it."
          filters={
            <FilterForm
              action="/admin/analytics/retention"
              fields={[
                {
                  name: 'weeks',
                  label: 'Weeks to follow',
                  value: weeksText,
                  options: WEEK_CHOICES.map((w) => [w, `${w} weeks`]),
                },
              ]}
            />
          }
          chart={
            cohorts.length > 0
              ? barChart({
                  labels: overall.map((_, k) => `W${k}`),
                  values: overall,
                  series: '% of learners still writing',
                  alt: `Of all cohorts, ${overall[1] ?? 0} % wrote again in their second week.`,
                })
              : undefined
          }
        >
          <TableCard
            view={view}
            id="retention-title"
            title="Cohorts"
            path="/admin/analytics/retention"
            query={{ weeks: weeksText }}
            empty="No learner has written yet in the last 12 weeks."
            numeric={view.columns.slice(1).map((col) => col.key)}
          />
        </AnalyticsPage>,
      ),
    );
  });

  routes.get('/analytics/items', async (c) => {
    const catalog = await options.catalog();
    const chosen = chosenCourse(c, catalog);
    if ('problem' in chosen) return refusal(c, 400, chosen.problem!);
    const { course, courses } = chosen;
    const lessons = course ? catalog.lessons(course.slug) : [];
    const lesson = c.req.query('lesson') ?? '';
    if (lesson && !lessons.some((l) => l.slug === lesson))
      return refusal(c, 400, `The course has no lesson "${lesson.slice(0, 100)}": choose one from the list.`);
    const items = course
      ? await itemStatistics(db, { course: course.slug, ...(lesson ? { lesson } : {}) })
      : [];
    const view = itemsTable(course?.slug ?? 'none', items);
    return pageOrDownload(c, view, () =>
      page(
        c,
        <AnalyticsPage
          viewer={viewerOf(c)}
          current="items"
          intro="Per question: how many learners got it right first time (facility), how well it separates strong from weak learners (discrimination), the usual wrong answers, and how many learners keep forgetting it (leech)."
          filters={
            <FilterForm
              action="/admin/analytics/items"
              fields={[
                {
                  name: 'course',
                  label: 'Course',
                  value: course?.slug ?? '',
                  options: courses.map((x) => [x.slug, english(x.title)]),
                },
                {
                  name: 'lesson',
                  label: 'Lesson',
                  value: lesson,
                  options: [
                    ['', 'Every lesson'],
                    ...lessons.map((l): [string, string] => [l.slug, english(l.title)]),
                  ],
                },
              ]}
            />
          }
        >
          <TableCard
            view={view}
            id="items-title"
            title="Questions"
            path="/admin/analytics/items"
            query={{ course: course?.slug ?? '', lesson }}
            empty="No learner has answered these questions yet."
            numeric={['learners', 'attempts', 'facility', 'discrimination', 'leeches']}
          />
        </AnalyticsPage>,
      ),
    );
  });

  routes.route('/', analyticsReportRoutes(deps, { now }));
  return routes;
}
