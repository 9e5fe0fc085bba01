import type { Child } from 'hono/jsx';
import type { ChartImage } from '../charts.js';
import { Layout, type Viewer } from './layout.js';
import { SubNav } from './subnav.js';

export const ANALYTICS_VIEWS = [
  ['funnel', '/admin/analytics', 'Completion funnel'],
  ['retention', '/admin/analytics/retention', 'Retention'],
  ['engagement', '/admin/analytics/engagement', 'Engagement by hour'],
  ['items', '/admin/analytics/items', 'Quiz items'],
  ['weekly', '/admin/analytics/weekly', 'Weekly report'],
] as const;
export type AnalyticsView = (typeof ANALYTICS_VIEWS)[number][0];

interface AnalyticsProps {
  viewer: Viewer;
  current: AnalyticsView;
  /** One sentence under the heading: what the view counts. */
  intro: string;
  filters?: Child;
  chart?: ChartImage;
  children: Child;
}

/** An analytics view: the section's own navigation, its filters, a chart and its tables. */
export function AnalyticsPage({ viewer, current, intro, filters, chart, children }: AnalyticsProps) {
  const title = ANALYTICS_VIEWS.find(([name]) => name === current)![2];
  return (
    <Layout title={title} viewer={viewer} current="analytics">
      <h1>{title}</h1>
      <SubNav label="Analytics" views={ANALYTICS_VIEWS} current={current} />
      <p class="intro">{intro}</p>
      {filters}
      {chart && (
        <figure class="card chart wide-chart">
          <img src={chart.src} alt={chart.alt} width={chart.width} height={chart.height} />
          <figcaption>{chart.alt}</figcaption>
        </figure>
      )}
      {children}
    </Layout>
  );
}

/** A GET form of select boxes (and a submit button) that narrows a view. */
export function FilterForm(props: {
  action: string;
  fields: { name: string; label: string; value: string; options: [string, string][] }[];
}) {
  return (
    <form method="get" action={props.action} class="filters card">
      {props.fields.map((field) => (
        <div class="field">
          <label for={`f-${field.name}`}>{field.label}</label>
          <select id={`f-${field.name}`} name={field.name}>
            {field.options.map(([value, label]) => (
              <option value={value} selected={value === field.value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <button type="submit">Show</button>
    </form>
  );
}
