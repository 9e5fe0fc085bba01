import { Hono } from 'hono';
import { engagementByHour, periodFigures } from '../../db/repositories/analytics-report.js';
import type { AppDeps } from '../deps.js';
import { usageByDay } from '../services/tutor-state.js';
import { barChart } from './analytics-charts.js';
import { engagementTable, hourLabel, weeklyTable, type WeeklyRow } from './analytics-tables.js';
import type { DashboardEnv } from './env.js';
import { pageOrDownload } from './export.js';
import { AnalyticsPage, FilterForm } from './pages/analytics.js';
import { TableCard } from './pages/table-view.js';
import { page, refusal } from './refusal.js';
import { viewerOf } from './viewer.js';

const DAY_MS = 86_400_000;
const DAY_CHOICES = ['7', '30', '90'];

/** /admin/analytics/engagement (by the learner's local hour) and /admin/analytics/weekly (7 days against the 7 before). */
export function analyticsReportRoutes(deps: AppDeps, options: { now: () => Date }): Hono<DashboardEnv> {
  const db = deps.database.db;
  const now = options.now;
  const routes = new Hono<DashboardEnv>();

  routes.get('/analytics/engagement', async (c) => {
    const daysText = c.req.query('days') || '30';
    if (!DAY_CHOICES.includes(daysText))
      return refusal(c, 400, `Days must be one of ${DAY_CHOICES.join(', ')}.`);
    const to = now();
    const hours = await engagementByHour(db, {
      from: new Date(to.getTime() - Number(daysText) * DAY_MS),
      to,
    });
    const busiest = hours.reduce((a, b) => (b.messages > a.messages ? b : a));
    const view = engagementTable(hours);
    return pageOrDownload(c, view, () =>
      page(
        c,
        <AnalyticsPage
          viewer={viewerOf(c)}
          current="engagement"
          intro="Messages learners wrote, by the hour of day on their own clock (their time zone)."
          filters={
            <FilterForm
              action="/admin/analytics/engagement"
              fields={[
                {
                  name: 'days',
                  label: 'Period',
                  value: daysText,
                  options: DAY_CHOICES.map((d) => [d, `Last ${d} days`]),
                },
              ]}
            />
          }
          chart={barChart({
            labels: hours.map((h) => String(h.hour)),
            values: hours.map((h) => h.messages),
            series: 'Messages from learners',
            alt: busiest.messages
              ? `Learners wrote most at ${hourLabel(busiest.hour)} local time (${busiest.messages} messages in the last ${daysText} days).`
              : `No learner wrote in the last ${daysText} days.`,
          })}
        >
          <TableCard
            view={view}
            id="engagement-title"
            title="By hour"
            path="/admin/analytics/engagement"
            query={{ days: daysText }}
            empty="No messages."
            numeric={['messages', 'learners']}
          />
        </AnalyticsPage>,
      ),
    );
  });

  routes.get('/analytics/weekly', async (c) => {
    const at = now();
    const today = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
    const current = { from: new Date(today - 6 * DAY_MS), to: new Date(today + DAY_MS) };
    const previous = { from: new Date(today - 13 * DAY_MS), to: current.from };
    const tutorCalls = async (range: { from: Date; to: Date }) =>
      (await usageByDay(deps.cache, range.from, new Date(range.to.getTime() - DAY_MS))).reduce(
        (n, d) => n + d.calls,
        0,
      );
    const [now7, before7, tutorNow, tutorBefore] = await Promise.all([
      periodFigures(db, current),
      periodFigures(db, previous),
      tutorCalls(current),
      tutorCalls(previous),
    ]);
    const rows: WeeklyRow[] = [
      { figure: 'New learners', kind: 'count', current: now7.newLearners, previous: before7.newLearners },
      {
        figure: 'Active learners (wrote)',
        kind: 'count',
        current: now7.activeLearners,
        previous: before7.activeLearners,
      },
      {
        figure: 'Lessons completed',
        kind: 'count',
        current: now7.lessonsCompleted,
        previous: before7.lessonsCompleted,
      },
      { figure: 'Quiz pass rate', kind: 'rate', current: now7.passRate, previous: before7.passRate },
      {
        figure: 'Revenue (paid less refunded)',
        kind: 'money',
        current: now7.revenue,
        previous: before7.revenue,
      },
      { figure: 'Tutor questions', kind: 'count', current: tutorNow, previous: tutorBefore },
    ];
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const span = `${day(current.from)} to ${day(new Date(today))}`;
    const view = weeklyTable(rows, `weekly-${day(new Date(today))}`);
    return pageOrDownload(c, view, () =>
      page(
        c,
        <AnalyticsPage
          viewer={viewerOf(c)}
          current="weekly"
          intro={`The last 7 days (${span}, UTC, today included) against the 7 days before (${day(previous.from)} to ${day(new Date(current.from.getTime() - DAY_MS))}).`}
        >
          <TableCard
            view={view}
            id="weekly-title"
            title={`Week to ${day(new Date(today))}`}
            path="/admin/analytics/weekly"
            empty=""
            numeric={['last_7_days', 'previous_7_days', 'change']}
          />
        </AnalyticsPage>,
      ),
    );
  });

  return routes;
}
