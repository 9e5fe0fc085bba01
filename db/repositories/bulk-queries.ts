/*
 * What the operator sees of a bulk campaign, and pause / resume / cancel.
 * Decisions:
 * - A recipient's result: pending (not in the outbox yet), queued, sent, delivered, read, failed
 *   (the channel's status, or the outbox gave up), skipped (opted out, blocked) or cancelled.
 * - Cancelling also stops messages already in the outbox that no sender has started; one a
 *   sender already claimed may still go (it is never half-sent).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import type { BulkCampaign } from '../schema/bulk.js';

const CANCELLED = 'campaign cancelled';

export const RESULTS = [
  'pending',
  'queued',
  'sent',
  'delivered',
  'read',
  'failed',
  'skipped',
  'cancelled',
] as const;
export type RecipientResult = (typeof RESULTS)[number];

const RESULT = sql`case
  when r.status <> 'queued' then r.status
  when o.status = 'dead' and o.last_error = ${CANCELLED} then 'cancelled'
  when o.status = 'dead' then 'failed'
  when o.status = 'held' then 'queued'
  when o.status <> 'sent' then 'queued'
  when d.status in ('failed', 'undelivered') then 'failed'
  when d.status in ('read', 'delivered') then d.status
  else 'sent' end`;

const REASON = sql`coalesce(r.reason, case when d.error_code is not null then 'provider error ' || d.error_code end,
  case when o.status in ('dead', 'held') then o.last_error end)`;

const RECIPIENTS = sql`bulk_recipients r left join outbox o on o.id = r.outbox_id
  left join delivery_statuses d on d.channel = o.channel and d.provider_id = o.provider_id`;

const campaignOf = (r: Record<string, unknown>): BulkCampaign => ({
  id: Number(r.id),
  kind: r.kind as BulkCampaign['kind'],
  body: String(r.body),
  segment: (typeof r.segment === 'string' ? JSON.parse(r.segment) : r.segment) as BulkCampaign['segment'],
  status: r.status as BulkCampaign['status'],
  total: Number(r.total),
  adminId: r.admin_id == null ? null : String(r.admin_id),
  adminEmail: String(r.admin_email),
  createdAt: new Date(String(r.created_at)),
  updatedAt: new Date(String(r.updated_at)),
  finishedAt: r.finished_at == null ? null : new Date(String(r.finished_at)),
});

export async function findCampaign(db: Database, id: number): Promise<BulkCampaign | undefined> {
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select * from bulk_campaigns where id = ${id}`),
  );
  return row ? campaignOf(row) : undefined;
}

/** The latest campaigns, newest first. */
export async function recentCampaigns(db: Database, limit = 20): Promise<BulkCampaign[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select * from bulk_campaigns order by id desc limit ${limit}`),
  );
  return rows.map(campaignOf);
}

export type CampaignProgress = Record<RecipientResult, number> & {
  total: number;
  /** Recipients whose message has an outcome: sent or further, failed, skipped or cancelled. */
  finished: number;
};

/** How many recipients stand at each result. */
export async function campaignProgress(db: Database, id: number): Promise<CampaignProgress> {
  const rows = rowsOf<{ result: RecipientResult; n: unknown }>(
    await db.execute(sql`select ${RESULT} as result, count(*) as n from ${RECIPIENTS}
      where r.campaign_id = ${id} group by 1`),
  );
  const counts = Object.fromEntries(RESULTS.map((r) => [r, 0])) as Record<RecipientResult, number>;
  for (const row of rows) counts[row.result] = Number(row.n);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { ...counts, total, finished: total - counts.pending - counts.queued };
}

export interface RecipientRow {
  userId: string;
  phone: string;
  name: string | null;
  result: RecipientResult;
  reason: string | null;
  at: Date;
}

/** One page of a campaign's recipients with their result, problems first. */
export async function campaignRecipients(db: Database, id: number, page: number, pageSize: number) {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select r.user_id, u.phone, u.name, ${RESULT} as result, ${REASON} as reason,
        greatest(r.updated_at, o.sent_at, d.updated_at) as at, count(*) over () as total
      from ${RECIPIENTS} join users u on u.id = r.user_id
      where r.campaign_id = ${id}
      order by case ${RESULT} when 'failed' then 0 when 'skipped' then 1 else 2 end, u.phone
      limit ${pageSize} offset ${(page - 1) * pageSize}`),
  );
  return {
    items: rows.map((r): RecipientRow => ({
      userId: String(r.user_id),
      phone: String(r.phone),
      name: r.name == null ? null : String(r.name),
      result: r.result as RecipientResult,
      reason: r.reason == null ? null : String(r.reason),
      at: new Date(String(r.at)),
    })),
    total: rows[0] ? Number(rows[0].total) : 0,
  };
}

export type CampaignAction = 'pause' | 'resume' | 'cancel';

const MOVES: Record<CampaignAction, { from: BulkCampaign['status'][]; to: BulkCampaign['status'] }> = {
  pause: { from: ['sending'], to: 'paused' },
  resume: { from: ['paused'], to: 'sending' },
  cancel: { from: ['sending', 'paused'], to: 'cancelled' },
};

/** Moves the campaign on; its status before and after, or undefined when it cannot move that way. */
export async function moveCampaign(db: Database, id: number, action: CampaignAction, now: Date) {
  const { from, to } = MOVES[action];
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const [before] = rowsOf<{ status: BulkCampaign['status'] }>(
      await tx.execute(sql`select status from bulk_campaigns where id = ${id} for update`),
    );
    if (!before || !from.includes(before.status)) return { before: before?.status, moved: false as const };
    await tx.execute(sql`update bulk_campaigns set status = ${to}, updated_at = ${at}::timestamptz,
      finished_at = case when ${to} = 'cancelled' then ${at}::timestamptz end where id = ${id}`);
    if (to === 'cancelled') {
      await tx.execute(sql`update outbox o set status = 'dead', last_error = ${CANCELLED}
        from bulk_recipients r
        where r.campaign_id = ${id} and r.outbox_id = o.id and o.status in ('pending', 'held')
          and o.claimed_until is null and o.attempted_at is null`);
      await tx.execute(sql`update bulk_recipients set status = 'cancelled', reason = ${CANCELLED},
        updated_at = ${at}::timestamptz where campaign_id = ${id} and status = 'pending'`);
    }
    return { before: before.status, after: to, moved: true as const };
  });
}
