import type { Child } from 'hono/jsx';
import type { OpsAlert } from '../../../db/schema/operations.js';

const at = (date: Date | null) => (date ? date.toISOString().slice(0, 16).replace('T', ' ') : '–');

/** The open alerts, as a banner on the overview and the system page; nothing when all is calm. */
export function AlertBanner({ alerts, link }: { alerts: OpsAlert[]; link?: boolean }) {
  if (!alerts.length) return null;
  return (
    <section class="notice error alert-banner" role="alert" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{alerts.length === 1 ? '1 alert' : `${alerts.length} alerts`}</h2>
      <ul class="alerts">
        {alerts.map((alert) => (
          <li data-alert={alert.rule}>
            {alert.message} <span class="muted small">Since {at(alert.since)} UTC.</span>
          </li>
        ))}
      </ul>
      {link && <a href="/admin/system">See the system page</a>}
    </section>
  );
}

/** A small table with a caption and column headers; rows are arrays of cells. */
export function Table(props: { caption: string; head: string[]; rows: Child[][]; empty: string }) {
  if (!props.rows.length) return <p class="muted">{props.empty}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((name) => (
              <th scope="col">{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>{row.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export { at as when };
