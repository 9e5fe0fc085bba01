import type { AdminAuditRow } from '../../../db/schema/audit.js';
import { auditChanges } from '../audit-diff.js';
import { Layout, type Viewer } from './layout.js';
import { Pager } from './pager.js';

export interface AuditFilters {
  q: string;
  admin: string;
  subject: string;
  from: string;
  to: string;
  page: number;
}

interface AuditProps {
  viewer: Viewer;
  filters: AuditFilters;
  items: AdminAuditRow[];
  total: number;
  pages: number;
  /** A filter that could not be read: which field, and why. */
  problem?: { field: keyof AuditFilters; message: string };
}

const at = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');

function Field(props: { id: keyof AuditFilters; label: string; type?: string; hint?: string } & AuditProps) {
  const { id, label, problem } = props;
  const wrong = problem?.field === id;
  return (
    <div class={props.type ? 'field' : 'field wide'}>
      <label for={`audit-${id}`}>{label}</label>
      <input
        id={`audit-${id}`}
        name={id}
        type={props.type ?? 'search'}
        value={String(props.filters[id])}
        placeholder={props.hint}
        aria-invalid={wrong ? 'true' : undefined}
        aria-describedby={wrong ? `audit-${id}-problem` : undefined}
      />
      {wrong && (
        <p id={`audit-${id}-problem`} class="field-error">
          {problem.message}
        </p>
      )}
    </div>
  );
}

/** What the entry changed, as a small table of path, before and after. */
function Changes({ entry }: { entry: AdminAuditRow }) {
  const changes = auditChanges(entry.before, entry.after);
  if (!changes.length) return <span class="muted">(no details recorded)</span>;
  return (
    <ul class="diff">
      {changes.map((change) => (
        <li class={`diff-${change.kind}`}>
          <code>{change.path}</code>{' '}
          {change.kind === 'added' ? (
            <span>
              set to <ins>{change.after}</ins>
            </span>
          ) : change.kind === 'removed' ? (
            <span>
              removed (was <del>{change.before}</del>)
            </span>
          ) : (
            <span>
              <del>{change.before}</del> → <ins>{change.after}</ins>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** /admin/audit: every admin action, searchable by text, admin, subject and dates, newest first. */
export function AuditPage(props: AuditProps) {
  const { viewer, filters, items, total, pages } = props;
  const href = (page: number) => {
    const { q, admin, subject, from, to } = filters;
    return `/admin/audit?${new URLSearchParams({ q, admin, subject, from, to, page: String(page) })}`;
  };
  return (
    <Layout title="Audit log" viewer={viewer} current="audit">
      <h1>Audit log</h1>
      <p class="muted">
        Every change an admin made, on the dashboard or the JSON API: who, what, when, before and after.
      </p>
      <form method="get" action="/admin/audit" class="search card" role="search">
        <Field {...props} id="q" label="Action, subject or path contains" hint="paused, lesson:water/2" />
        <Field {...props} id="admin" label="Admin email contains" hint="amina@" />
        <Field {...props} id="subject" label="Exact subject" hint="learner:<id>" />
        <Field {...props} id="from" label="From (UTC day)" type="date" />
        <Field {...props} id="to" label="To (UTC day, included)" type="date" />
        <button type="submit">Search</button>
      </form>
      <section aria-labelledby="audit-results">
        <h2 id="audit-results" aria-live="polite">
          {total === 1 ? '1 entry' : `${total} entries`}
        </h2>
        {items.length > 0 && (
          <div class="table-wrap">
            <table class="audit">
              <thead>
                <tr>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">Admin</th>
                  <th scope="col">Action</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {items.map((entry) => (
                  <tr>
                    <td class="nowrap" data-label="When (UTC)">
                      {at(entry.at)}
                    </td>
                    <td data-label="Admin">{entry.adminEmail}</td>
                    <td data-label="Action">
                      <code>{entry.action}</code>
                      <div class="muted small">
                        {entry.method} {entry.path} → {entry.status}
                      </div>
                    </td>
                    <td data-label="Subject">
                      {entry.subject ? (
                        <a href={`/admin/audit?${new URLSearchParams({ subject: entry.subject })}`}>
                          {entry.subject}
                        </a>
                      ) : (
                        '–'
                      )}
                    </td>
                    <td data-label="Change">
                      <Changes entry={entry} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={filters.page} pages={pages} href={href} label="Audit pages" />
      </section>
    </Layout>
  );
}
