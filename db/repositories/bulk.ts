/*
 * Bulk campaigns: an operator's message to a segment of learners (docs/dashboard.md, /admin/bulk).
 * Decisions:
 * - Every learner of the segment becomes a recipient in the campaign's own transaction, so the
 *   count the operator confirmed is the count recorded; opted-out and blocked learners are
 *   recorded as skipped (with why) and never reach the outbox.
 * - Messages go through the outbox like any other: the sender keeps to WHATSAPP_MPS, sends free
 *   text inside the learner's 24-hour window and the `announcement` template outside it.
 * - A batch re-checks each learner's status: one who opted out after the campaign began is skipped.
 * - A recipient's result is read from its outbox row and the channel's delivery status, not copied.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import { bulkCampaigns, type BulkCampaign, type BulkSegment } from '../schema/bulk.js';

export const ANNOUNCEMENT_TEMPLATE = 'announcement';

export interface SegmentCount {
  total: number;
  /** Active learners: the ones a message goes to. */
  reachable: number;
  optedOut: number;
  blocked: number;
}

/** `users` narrowed to the segment: the search's filter and, when given, activity in the last N days. */
const segmentUsers = (filter: SQL, activeDays: number | undefined, now: Date) =>
  activeDays
    ? sql`(select * from users where ${filter} and last_inbound_at >= ${new Date(now.getTime() - activeDays * 86_400_000).toISOString()}::timestamptz)`
    : sql`(select * from users where ${filter})`;

/** How many learners the segment holds, and how many of them a message can reach. */
export async function countSegment(
  db: Database,
  filter: SQL | null,
  activeDays: number | undefined,
  now: Date,
): Promise<SegmentCount> {
  if (!filter) return { total: 0, reachable: 0, optedOut: 0, blocked: 0 };
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select count(*) as total,
        count(*) filter (where status = 'active') as reachable,
        count(*) filter (where status = 'opted_out') as opted_out,
        count(*) filter (where status = 'blocked') as blocked
      from ${segmentUsers(filter, activeDays, now)} u`),
  );
  return {
    total: Number(row?.total ?? 0),
    reachable: Number(row?.reachable ?? 0),
    optedOut: Number(row?.opted_out ?? 0),
    blocked: Number(row?.blocked ?? 0),
  };
}

export interface NewCampaign {
  body: string;
  segment: BulkSegment;
  filter: SQL | null;
  admin: { id: string; email: string };
  now: Date;
}

/** The campaign and every recipient in one transaction; the id, or null for an empty segment. */
export async function createCampaign(db: Database, campaign: NewCampaign): Promise<BulkCampaign | null> {
  const { filter } = campaign;
  if (!filter) return null;
  return db.transaction(async (tx) => {
    const users = segmentUsers(filter, campaign.segment.activeDays, campaign.now);
    const [count] = rowsOf<{ n: unknown }>(await tx.execute(sql`select count(*) as n from ${users} u`));
    const total = Number(count?.n ?? 0);
    if (total === 0) return null;
    const [created] = await tx
      .insert(bulkCampaigns)
      .values({
        kind: 'message',
        body: campaign.body,
        segment: campaign.segment,
        total,
        adminId: campaign.admin.id,
        adminEmail: campaign.admin.email,
        createdAt: campaign.now,
        updatedAt: campaign.now,
      })
      .returning();
    // The recipients are the learners the segment holds now; the total is what was inserted.
    const inserted = rowsOf(
      await tx.execute(sql`insert into bulk_recipients (campaign_id, user_id, status, reason, updated_at)
        select ${created!.id}, u.id, case when u.status = 'active' then 'pending' else 'skipped' end,
          case u.status when 'opted_out' then 'opted out' when 'blocked' then 'blocked' end,
          ${campaign.now.toISOString()}::timestamptz
        from ${users} u
        returning user_id`),
    ).length;
    if (inserted !== total)
      await tx.execute(sql`update bulk_campaigns set total = ${inserted} where id = ${created!.id}`);
    return { ...created!, total: inserted };
  });
}

export interface BatchResult {
  queued: number;
  skipped: number;
  /** Recipients still waiting for the outbox. */
  pending: number;
  status: BulkCampaign['status'] | null;
}

/**
 * Hands up to `room` more recipients to the outbox (fewer when the campaign's unsent messages
 * already fill it), so a paused or cancelled campaign has at most one batch in flight.
 */
export async function enqueueBatch(
  db: Database,
  campaignId: number,
  options: { channel: string; room: number; now: Date; formatText: (body: string) => string },
): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const [campaign] = rowsOf<{ status: BulkCampaign['status']; body: string }>(
      await tx.execute(sql`select status, body from bulk_campaigns where id = ${campaignId} for update`),
    );
    if (!campaign) return { queued: 0, skipped: 0, pending: 0, status: null };
    let queued = 0;
    let skipped = 0;
    if (campaign.status === 'sending') {
      const [inFlight] = rowsOf<{ n: unknown }>(
        await tx.execute(sql`select count(*) as n from bulk_recipients r join outbox o on o.id = r.outbox_id
          where r.campaign_id = ${campaignId} and r.status = 'queued' and o.status in ('pending', 'sending')`),
      );
      const limit = Math.max(0, options.room - Number(inFlight?.n ?? 0));
      const at = options.now.toISOString();
      const template = (language: SQL) =>
        sql`jsonb_build_object('name', ${ANNOUNCEMENT_TEMPLATE}::text, 'language', ${language}, 'variables', jsonb_build_object('announcement', ${campaign.body}::text))`;
      const text = options.formatText(campaign.body);
      const result = rowsOf<{ status: string }>(
        await tx.execute(sql`
          with batch as (
            select r.user_id, u.status as learner_status, u.phone, u.language,
              coalesce((select c.turn from conversations c where c.user_id = u.id), 0) as turn
            from bulk_recipients r join users u on u.id = r.user_id
            where r.campaign_id = ${campaignId} and r.status = 'pending'
            order by r.user_id limit ${limit} for update of r skip locked
          ),
          sent as (
            insert into outbox (user_id, turn, channel, recipient, payload, created_at, next_attempt_at)
            select user_id, turn, ${options.channel}, phone,
              jsonb_build_object('text', ${text}::text, 'template', ${template(sql`language`)}),
              ${at}::timestamptz, ${at}::timestamptz
            from batch where learner_status = 'active'
            returning id, user_id
          )
          update bulk_recipients r set
            status = case when s.id is null then 'skipped' else 'queued' end,
            outbox_id = s.id, updated_at = ${at}::timestamptz,
            reason = case when s.id is null then replace(b.learner_status, '_', ' ') end
          from batch b left join sent s on s.user_id = b.user_id
          where r.campaign_id = ${campaignId} and r.user_id = b.user_id
          returning r.status`),
      );
      queued = result.filter((r) => r.status === 'queued').length;
      skipped = result.length - queued;
    }
    const [left] = rowsOf<{ n: unknown }>(
      await tx.execute(
        sql`select count(*) as n from bulk_recipients where campaign_id = ${campaignId} and status = 'pending'`,
      ),
    );
    const pending = Number(left?.n ?? 0);
    let status = campaign.status;
    if (status === 'sending' && pending === 0) {
      await tx.execute(sql`update bulk_campaigns set status = 'done', finished_at = ${options.now.toISOString()}::timestamptz,
        updated_at = ${options.now.toISOString()}::timestamptz where id = ${campaignId}`);
      status = 'done';
    }
    return { queued, skipped, pending, status };
  });
}
