import type { SegmentCount } from '../../../db/repositories/bulk.js';
import type { BulkCampaign } from '../../../db/schema/bulk.js';
import { Layout, type Viewer } from './layout.js';
import { statusLabel, when } from './learners.js';

export interface BulkForm {
  q: string;
  status: string;
  course: string;
  activeDays: string;
  message: string;
}

interface BulkProps {
  viewer: Viewer;
  form: BulkForm;
  problems: Partial<Record<keyof BulkForm, string>>;
  courses: string[];
  campaigns: BulkCampaign[];
  /** The segment's count, once previewed. */
  count?: SegmentCount;
  /** The most learners this admin may message at once (operators); none for the owner. */
  limit?: number;
  notice?: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A labelled field with its problem said beside it. */
function Field(props: {
  id: keyof BulkForm;
  label: string;
  problem?: string;
  wide?: boolean;
  children: unknown;
}) {
  return (
    <div class={props.wide ? 'field wide' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.problem && (
        <p id={`${props.id}-problem`} class="field-error">
          {props.problem}
        </p>
      )}
    </div>
  );
}

const invalid = (problem?: string, id?: string) =>
  problem ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-problem` } : {};

function Preview({ viewer, form, count, limit }: Pick<BulkProps, 'viewer' | 'form' | 'count' | 'limit'>) {
  if (!count) return null;
  const over = limit !== undefined && count.reachable > limit;
  return (
    <section id="preview" aria-labelledby="preview-title" class="card">
      <h2 id="preview-title" aria-live="polite" data-figure="recipients">
        {plural(count.total, 'learner', 'learners')} in this segment
      </h2>
      <p>
        The message goes to <strong data-figure="reachable">{count.reachable}</strong>
        {count.optedOut + count.blocked > 0 &&
          `; ${count.optedOut} opted out and ${count.blocked} blocked are skipped`}
        . Inside a learner's 24-hour window it goes as written; outside it, as the approved “announcement”
        template.
      </p>
      {over ? (
        <p class="notice error" role="alert">
          Only an owner can message more than {limit} learners at once. Narrow the segment or ask an owner.
        </p>
      ) : (
        count.reachable > 0 && (
          <form method="post" action="/admin/bulk">
            <input type="hidden" name="_csrf" value={viewer.csrfToken} />
            {(['q', 'status', 'course', 'activeDays', 'message'] as const).map((name) => (
              <input type="hidden" name={name} value={form[name]} />
            ))}
            <input type="hidden" name="expected" value={String(count.total)} />
            <button type="submit">Send to {plural(count.reachable, 'learner', 'learners')}</button>
          </form>
        )
      )}
    </section>
  );
}

/** /admin/bulk: choose a segment, write the message, preview the count, send; recent campaigns below. */
export function BulkPage(props: BulkProps) {
  const { viewer, form, problems, courses, campaigns, notice } = props;
  return (
    <Layout title="Bulk messages" viewer={viewer} current="bulk">
      <h1>Bulk messages</h1>
      {notice && (
        <p class="notice error" role="alert">
          {notice}
        </p>
      )}
      <form method="get" action="/admin/bulk" class="search card">
        <input type="hidden" name="preview" value="1" />
        <Field id="q" label="Phone, name or username" problem={problems.q} wide>
          <input id="q" name="q" type="search" value={form.q} placeholder="Any learner" />
        </Field>
        <Field id="status" label="Status" problem={problems.status}>
          <select id="status" name="status" {...invalid(problems.status, 'status')}>
            <option value="">Any</option>
            {['active', 'opted_out', 'blocked'].map((value) => (
              <option value={value} selected={form.status === value}>
                {statusLabel(value)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="course" label="Course" problem={problems.course}>
          <select id="course" name="course">
            <option value="">Any</option>
            {courses.map((course) => (
              <option value={course} selected={form.course === course}>
                {course}
              </option>
            ))}
          </select>
        </Field>
        <Field id="activeDays" label="Wrote in the last … days" problem={problems.activeDays}>
          <input
            id="activeDays"
            name="activeDays"
            type="number"
            min="1"
            max="365"
            inputmode="numeric"
            value={form.activeDays}
            {...invalid(problems.activeDays, 'activeDays')}
          />
        </Field>
        <Field id="message" label="Message" problem={problems.message} wide>
          <textarea
            id="message"
            name="message"
            rows={4}
            maxlength={900}
            required
            {...invalid(problems.message, 'message')}
          >
            {form.message}
          </textarea>
        </Field>
        <button type="submit">Preview recipients</button>
      </form>
      <Preview {...props} />
      <section aria-labelledby="campaigns-title">
        <h2 id="campaigns-title">Recent campaigns</h2>
        {campaigns.length === 0 ? (
          <p class="muted">No bulk message has been sent yet.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  <th scope="col">Message</th>
                  <th scope="col">Recipients</th>
                  <th scope="col">Status</th>
                  <th scope="col">Sent by</th>
                  <th scope="col">Started (UTC)</th>
                </tr>
              </thead>
              <tbody>
                {campaigns.map((campaign) => (
                  <tr>
                    <td>
                      <a href={`/admin/bulk/${campaign.id}`}>#{campaign.id}</a>
                    </td>
                    <td>{campaign.body.length > 60 ? `${campaign.body.slice(0, 60)}…` : campaign.body}</td>
                    <td>{campaign.total}</td>
                    <td>
                      <span class={`badge ${campaign.status}`}>{campaign.status}</span>
                    </td>
                    <td>{campaign.adminEmail}</td>
                    <td class="nowrap">{when(campaign.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}
