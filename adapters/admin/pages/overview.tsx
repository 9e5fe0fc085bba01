import type { ChartImage } from '../charts.js';
import type { OpsAlert } from '../../../db/schema/operations.js';
import { Layout, type Viewer } from './layout.js';
import { AlertBanner } from './system-parts.js';

interface OverviewProps {
  viewer: Viewer;
  figures: Record<string, string>;
  charts: ChartImage[];
  /** When the figures were read (ISO), shown and updated by the live stream. */
  asOf: string;
  /** Alert rules breached now (adapters/alerts), shown as a banner above the figures. */
  alerts?: OpsAlert[];
}

/** One figure card: its value (and a detail line) are `data-figure` slots the live stream refills. */
function Card(props: { title: string; value: string; detail?: string; figures: Record<string, string> }) {
  return (
    <section class="card figure-card" aria-label={props.title}>
      <h2>{props.title}</h2>
      <p class="figure" data-figure={props.value}>
        {props.figures[props.value]}
      </p>
      {props.detail && (
        <p class="detail" data-figure={props.detail}>
          {props.figures[props.detail]}
        </p>
      )}
    </section>
  );
}

export function OverviewPage({ viewer, figures, charts, asOf, alerts = [] }: OverviewProps) {
  const card = (title: string, value: string, detail?: string) => (
    <Card title={title} value={value} detail={detail} figures={figures} />
  );
  return (
    <Layout title="Overview" viewer={viewer} current="overview">
      <div class="page-head">
        <h1>Overview</h1>
        <p class="muted" data-live="/admin/overview/live" role="status" aria-live="polite">
          Figures as of <time data-figure="asOf">{asOf}</time> (UTC); rates and totals over the last 30 days.
        </p>
      </div>
      <AlertBanner alerts={alerts} link />
      <h2 class="group">Learners</h2>
      <div class="cards">
        {card('Active today', 'activeDay')}
        {card('Active this week', 'activeWeek')}
        {card('Active this month', 'activeMonth')}
        {card('Learners in all', 'learners')}
      </div>
      <h2 class="group">Learning</h2>
      <div class="cards">
        {card('Lessons delivered', 'lessonsDelivered')}
        {card('Lessons completed', 'lessonsCompleted')}
        {card('Quiz pass rate', 'quizPassRate', 'quizAttempts')}
        {card('Tutor questions', 'tutorCalls', 'tutorDetail')}
      </div>
      <h2 class="group">Messages and money</h2>
      <div class="cards">
        {card('Delivery rate', 'deliveryRate', 'messagesSent')}
        {card('Read rate', 'readRate')}
        {card('Revenue', 'revenue', 'payments')}
      </div>
      <h2 class="group">Queues</h2>
      <div class="cards">
        {card('Outbox not yet sent', 'outboxUnsent', 'outboxAge')}
        {card('Inbound waiting', 'inboundPending')}
      </div>
      <h2 class="group">Last 14 days</h2>
      <div class="charts">
        {charts.map((chart) => (
          <figure class="card chart">
            <img src={chart.src} alt={chart.alt} width={chart.width} height={chart.height} />
            <figcaption>{chart.alt}</figcaption>
          </figure>
        ))}
      </div>
    </Layout>
  );
}
