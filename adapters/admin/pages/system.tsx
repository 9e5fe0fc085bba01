import type { AlertCheck } from '../../alerts/check.js';
import type { QueueDepth } from '../../deps.js';
import type { Readiness } from '../../http/routes/health.js';
import type { ErrorGroup } from '../../../db/schema/operations.js';
import type { RecentFailure } from '../../../db/repositories/ops-measures.js';
import { Layout, type Viewer } from './layout.js';
import { AlertBanner, Table, when } from './system-parts.js';

export interface SystemProps {
  viewer: Viewer;
  asOf: string;
  windowMinutes: number;
  health: Readiness;
  queues: QueueDepth[] | null;
  check: AlertCheck;
  errors: (ErrorGroup & { recent: number })[];
  failures: RecentFailure[];
}

const RULE_LABELS: Record<string, string> = {
  paymentFailures: 'Payment failure rate',
  deliveryFailures: 'Delivery failure rate',
  backlogAge: 'Oldest unsent message',
  errorSpike: 'Errors logged',
  paymentAlerts: 'Payment problems waiting',
};
const UNITS: Record<string, string> = { paymentFailures: '%', deliveryFailures: '%', backlogAge: ' s' };
const DEPENDENCIES = {
  database: 'Database',
  scheduler: 'Scheduler (pg-boss)',
  cache: 'Cache (Redis)',
} as const;

/** /admin/system: dependencies, queues, the sender's backlog, error groups, recent failures, alert rules. */
export function SystemPage(props: SystemProps) {
  const { check, health, windowMinutes } = props;
  const { measures } = check;
  const state = (up: boolean, yes: string, no: string) => (
    <span class={up ? 'state-up' : 'state-down'}>{up ? yes : no}</span>
  );
  return (
    <Layout title="System" viewer={props.viewer} current="system">
      <div class="page-head">
        <h1>System</h1>
        <p class="muted">
          As of {props.asOf} (UTC); rates over the last {windowMinutes} minutes.{' '}
          <a href="/admin/system/api">Admin API reference</a>
        </p>
      </div>
      <AlertBanner alerts={check.open} />
      <h2 class="group">Dependencies</h2>
      <Table
        caption="Dependency health"
        head={['Dependency', 'State']}
        rows={Object.entries(DEPENDENCIES).map(([key, label]) => [
          label,
          state(health.checks[key as keyof typeof DEPENDENCIES] === 'up', 'up', 'down'),
        ])}
        empty=""
      />
      <h2 class="group">Sending and queues</h2>
      <Table
        caption="Sender backlog"
        head={['Backlog', 'Now']}
        rows={[
          ['Messages not yet sent', measures.backlog.unsent],
          [
            'Oldest unsent waited',
            measures.backlog.oldestSeconds === null ? '–' : `${measures.backlog.oldestSeconds} s`,
          ],
          ['Held (outside the 24-hour window)', measures.backlog.held],
          ['Inbound waiting for their turn', measures.inbound.pending],
        ]}
        empty=""
      />
      <Table
        caption="Job queues"
        head={['Queue', 'Ready', 'Later', 'Running', 'Failed']}
        rows={(props.queues ?? []).map((q) => [q.name, q.ready, q.deferred, q.active, q.failed])}
        empty={props.queues ? 'No job queues yet.' : 'The scheduler does not report its queues here.'}
      />
      <h2 class="group">Alert rules</h2>
      <Table
        caption="Alert rules and their thresholds"
        head={['Rule', 'Now', 'Alert at', 'State']}
        rows={check.readings.map((r) => [
          RULE_LABELS[r.rule] ?? r.rule,
          r.tooFew
            ? `${r.value}${UNITS[r.rule] ?? ''} (${r.tooFew}: not judged)`
            : `${r.value}${UNITS[r.rule] ?? ''}`,
          `${r.threshold}${UNITS[r.rule] ?? ''}`,
          state(!r.breached, 'ok', 'breached'),
        ])}
        empty=""
      />
      <h2 class="group">Errors by kind</h2>
      <p class="muted">
        {check.errors} errors in the last {windowMinutes} minutes.
      </p>
      <Table
        caption="Errors grouped by fingerprint"
        head={['Error', 'Where', 'Count', `Last ${windowMinutes} min`, 'First seen', 'Last seen']}
        rows={props.errors.map((e) => [
          <span>
            <code>{e.errorClass}</code> {e.message}
            <div class="muted small">{e.lastMessage}</div>
          </span>,
          <span class="small">
            {e.source ?? '–'}
            {e.topFrame && <div class="muted">{e.topFrame}</div>}
          </span>,
          e.count,
          e.recent,
          <span class="nowrap">{when(e.firstSeen)}</span>,
          <span class="nowrap">{when(e.lastSeen)}</span>,
        ])}
        empty="No errors recorded."
      />
      <h2 class="group">Recent failures</h2>
      <Table
        caption="Recent failed messages, turns and payments"
        head={['When (UTC)', 'Kind', 'What', 'Reason']}
        rows={props.failures.map((f) => [<span class="nowrap">{when(f.at)}</span>, f.kind, f.what, f.reason])}
        empty="No failed messages, turns or payments."
      />
    </Layout>
  );
}
