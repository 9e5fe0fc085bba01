import type { LearnerRow } from '../../../db/repositories/dashboard-learners.js';
import { exportHref } from '../export.js';
import { Layout, type Viewer } from './layout.js';
import { Pager } from './pager.js';

export interface LearnersQuery {
  q: string;
  status: string;
  course: string;
  page: number;
}

interface LearnersProps {
  viewer: Viewer;
  query: LearnersQuery;
  courses: string[];
  items: LearnerRow[];
  total: number;
  pages: number;
  /** Why the search could not run, said beside the field. */
  problem?: string;
}

const STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  opted_out: 'Opted out',
  blocked: 'Blocked',
};
export const statusLabel = (status: string) => STATUS_LABELS[status] ?? status;
export const when = (at: Date | null) => (at ? at.toISOString().slice(0, 16).replace('T', ' ') : '–');

export function LearnersPage({ viewer, query, courses, items, total, pages, problem }: LearnersProps) {
  const href = (page: number) => {
    const params = new URLSearchParams({
      q: query.q,
      status: query.status,
      course: query.course,
      page: String(page),
    });
    return `/admin/learners?${params}`;
  };
  return (
    <Layout title="Learners" viewer={viewer} current="learners">
      <h1>Learners</h1>
      <form method="get" action="/admin/learners" class="search card" role="search">
        <div class="field wide">
          <label for="q">Phone, name or username</label>
          <input
            id="q"
            name="q"
            type="search"
            value={query.q}
            placeholder="+254 712 345 678, 0712345678, Amina"
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? 'q-problem' : undefined}
          />
          {problem && (
            <p id="q-problem" class="field-error">
              {problem}
            </p>
          )}
        </div>
        <div class="field">
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="">Any</option>
            {Object.entries(STATUS_LABELS).map(([value, label]) => (
              <option value={value} selected={query.status === value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="course">Course</label>
          <select id="course" name="course">
            <option value="">Any</option>
            {courses.map((course) => (
              <option value={course} selected={query.course === course}>
                {course}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Search</button>
      </form>
      <section aria-labelledby="results-title">
        <h2 id="results-title" aria-live="polite">
          {total === 1 ? '1 learner' : `${total} learners`}
        </h2>
        {items.length > 0 && (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Learner</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Status</th>
                  <th scope="col">Course</th>
                  <th scope="col">Last wrote (UTC)</th>
                </tr>
              </thead>
              <tbody>
                {items.map((learner) => (
                  <tr>
                    <td>
                      <a href={`/admin/learners/${learner.id}`}>{learner.name ?? '(no name)'}</a>
                    </td>
                    <td class="nowrap">{learner.phone}</td>
                    <td>
                      <span class={`badge ${learner.status}`}>{statusLabel(learner.status)}</span>
                    </td>
                    <td>{learner.course ?? '–'}</td>
                    <td class="nowrap">{when(learner.lastInboundAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={query.page} pages={pages} href={href} label="Learner pages" />
        <p class="downloads" hx-boost="false">
          Download every learner found:{' '}
          <a href={exportHref('/admin/learners', { ...query, page: '' }, 'csv')}>CSV</a>{' '}
          <a href={exportHref('/admin/learners', { ...query, page: '' }, 'json')}>JSON</a>
        </p>
      </section>
    </Layout>
  );
}
