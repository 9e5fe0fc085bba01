import type { CampaignProgress, RecipientRow } from '../../../db/repositories/bulk-queries.js';
import type { BulkCampaign } from '../../../db/schema/bulk.js';
import { Layout, type Viewer } from './layout.js';
import { when } from './learners.js';
import { Pager } from './pager.js';

const SHOWN = ['queued', 'sent', 'delivered', 'read', 'failed', 'skipped', 'cancelled'] as const;

/** Whether the numbers can still move: batches to queue, or messages the sender has not finished. */
export const stillMoving = (campaign: BulkCampaign, progress: CampaignProgress) =>
  campaign.status === 'sending' ||
  progress.queued > 0 ||
  (campaign.status === 'paused' && progress.pending > 0);

/**
 * The progress bar and counts; htmx refreshes it every 2 s while it can still move (it stops
 * asking once everything has an outcome). Without JS, reloading the page does the same.
 */
export function ProgressPanel({
  campaign,
  progress,
}: {
  campaign: BulkCampaign;
  progress: CampaignProgress;
}) {
  const moving = stillMoving(campaign, progress);
  // 'done' on the campaign means every recipient reached the outbox; the sender may still be at work.
  const label = moving
    ? campaign.status === 'done'
      ? 'sending'
      : campaign.status
    : campaign.status === 'cancelled'
      ? 'cancelled'
      : 'done';
  const percent = progress.total ? Math.floor((progress.finished * 100) / progress.total) : 100;
  return (
    <section
      id="progress"
      class="card"
      aria-labelledby="progress-title"
      hx-get={moving ? `/admin/bulk/${campaign.id}/progress` : undefined}
      hx-trigger={moving ? 'every 2s' : undefined}
      hx-swap="outerHTML"
    >
      <h2 id="progress-title">
        Progress: <span data-figure="campaignStatus">{label}</span>
      </h2>
      <label for="progress-bar">
        {progress.finished} of {progress.total} recipients have an outcome ({percent} %)
      </label>
      <progress id="progress-bar" max={progress.total || 1} value={progress.finished}>
        {percent} %
      </progress>
      <dl class="counts" role="status" aria-live="polite">
        <div>
          <dt>Waiting</dt>
          <dd data-figure="pending">{progress.pending}</dd>
        </div>
        {SHOWN.map((result) => (
          <div>
            <dt>{result}</dt>
            <dd data-figure={result}>{progress[result]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Controls({ viewer, campaign }: { viewer: Viewer; campaign: BulkCampaign }) {
  const base = `/admin/bulk/${campaign.id}`;
  const button = (action: 'pause' | 'resume' | 'cancel', label: string, danger = false) => (
    <form method="post" action={`${base}/${action}`} class={danger ? 'danger' : undefined}>
      <input type="hidden" name="_csrf" value={viewer.csrfToken} />
      <button type="submit" class={danger ? 'danger' : undefined}>
        {label}
      </button>
    </form>
  );
  if (campaign.status !== 'sending' && campaign.status !== 'paused') return null;
  return (
    <div class="actions">
      {campaign.status === 'sending' ? button('pause', 'Pause') : button('resume', 'Resume')}
      {button('cancel', 'Cancel the rest', true)}
    </div>
  );
}

interface CampaignProps {
  viewer: Viewer;
  campaign: BulkCampaign;
  progress: CampaignProgress;
  recipients: { items: RecipientRow[]; total: number; page: number; pages: number };
}

/** /admin/bulk/:id: what was sent to whom, live progress, pause/resume/cancel, each recipient's result. */
export function CampaignPage({ viewer, campaign, progress, recipients }: CampaignProps) {
  const segment = Object.entries(campaign.segment)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
  return (
    <Layout title={`Campaign #${campaign.id}`} viewer={viewer} current="bulk">
      <p class="crumbs">
        <a href="/admin/bulk">Bulk messages</a> / #{campaign.id}
      </p>
      <h1>Campaign #{campaign.id}</h1>
      <dl class="facts">
        <dt>Message</dt>
        <dd>{campaign.body}</dd>
        <dt>Segment</dt>
        <dd>{segment || 'every learner'}</dd>
        <dt>Sent by</dt>
        <dd>
          {campaign.adminEmail}, {when(campaign.createdAt)} UTC
        </dd>
      </dl>
      <Controls viewer={viewer} campaign={campaign} />
      <ProgressPanel campaign={campaign} progress={progress} />
      <section aria-labelledby="recipients-title">
        <h2 id="recipients-title">Recipients ({recipients.total})</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Learner</th>
                <th scope="col">Phone</th>
                <th scope="col">Result</th>
                <th scope="col">Reason</th>
                <th scope="col">Updated (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {recipients.items.map((row) => (
                <tr>
                  <td>
                    <a href={`/admin/learners/${row.userId}`}>{row.name ?? '(no name)'}</a>
                  </td>
                  <td class="nowrap">{row.phone}</td>
                  <td>
                    <span class={`badge ${row.result}`}>{row.result}</span>
                  </td>
                  <td>{row.reason ?? '–'}</td>
                  <td class="nowrap">{when(row.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager
          page={recipients.page}
          pages={recipients.pages}
          href={(page) => `/admin/bulk/${campaign.id}?page=${page}`}
          label="Recipient pages"
        />
      </section>
    </Layout>
  );
}
