import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';

export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed' | 'undelivered' | 'delivered' | 'read';

/** A delivery status a channel reported for one message it accepted. */
export interface StatusReport {
  channel: string;
  providerId: string;
  status: DeliveryState;
  errorCode?: string;
  /** The learner's phone (+254…). */
  recipient?: string;
  /** The outbox row the message was sent for, when the channel echoes it (Meta). */
  outboxId?: number;
  at: Date;
}

/** How far along a message is: a report never moves a message backwards (read stays read). */
const rank = (column: string) =>
  sql.raw(`case ${column} when 'queued' then 1 when 'sending' then 2 when 'sent' then 3
    when 'failed' then 4 when 'undelivered' then 4 when 'delivered' then 5 when 'read' then 6 else 0 end`);

export interface RecordedStatus {
  /** The status after this report (unchanged when the report was older than what we knew). */
  status: DeliveryState;
  /** This report moved the message forward (a repeat or a late report did not). */
  advanced: boolean;
  /** The outbox row the message was sent for, when the sender has recorded it. */
  outbox: { id: number; userId: string; asTemplate: boolean } | null;
}

export function deliveryStore(db: Database) {
  return {
    /** Stores a status report idempotently; each timestamp is kept from the first report of it. */
    async record(report: StatusReport): Promise<RecordedStatus> {
      const at = report.at.toISOString();
      const stamp = (status: DeliveryState[]) =>
        status.includes(report.status) ? sql`${at}::timestamptz` : sql`null::timestamptz`;
      const result = await db.execute(sql`
        with before as (
          select status from delivery_statuses where channel = ${report.channel} and provider_id = ${report.providerId}
        ),
        written as (
          insert into delivery_statuses as d
            (channel, provider_id, status, error_code, recipient, outbox_id, updated_at, sent_at, delivered_at, read_at, failed_at)
          values (${report.channel}, ${report.providerId}, ${report.status}, ${report.errorCode ?? null},
            ${report.recipient ?? null}, ${report.outboxId ?? null}::bigint, ${at}::timestamptz, ${stamp(['sent'])}, ${stamp(['delivered'])},
            ${stamp(['read'])}, ${stamp(['failed', 'undelivered'])})
          on conflict (channel, provider_id) do update set
            status = case when ${rank('d.status')} < ${rank('excluded.status')} then excluded.status else d.status end,
            error_code = coalesce(excluded.error_code, d.error_code),
            recipient = coalesce(d.recipient, excluded.recipient),
            outbox_id = coalesce(d.outbox_id, excluded.outbox_id),
            updated_at = greatest(d.updated_at, excluded.updated_at),
            sent_at = coalesce(d.sent_at, excluded.sent_at),
            delivered_at = coalesce(d.delivered_at, excluded.delivered_at),
            read_at = coalesce(d.read_at, excluded.read_at),
            failed_at = coalesce(d.failed_at, excluded.failed_at)
          returning d.status
        )
        select w.status, (select status from before) as previous, o.id as outbox_id, o.user_id, o.as_template
        from written w
        left join outbox o on o.channel = ${report.channel} and o.provider_id = ${report.providerId}`);
      const row = rowsOf<Record<string, unknown>>(result)[0]!;
      return {
        status: row.status as DeliveryState,
        advanced: row.previous !== row.status,
        outbox:
          row.outbox_id == null
            ? null
            : {
                id: Number(row.outbox_id),
                userId: row.user_id as string,
                asTemplate: Boolean(row.as_template),
              },
      };
    },

    /** The outbox row a provider message was sent for, once the sender has recorded it. */
    async findOutbox(channel: string, providerId: string): Promise<RecordedStatus['outbox']> {
      const result = await db.execute(sql`
        select id, user_id, as_template from outbox where channel = ${channel} and provider_id = ${providerId}`);
      const row = rowsOf<Record<string, unknown>>(result)[0];
      if (!row) return null;
      return { id: Number(row.id), userId: row.user_id as string, asTemplate: Boolean(row.as_template) };
    },

    /** The provider id of the message a channel reported for this outbox row (it echoes the row's id). */
    async echoedProviderId(channel: string, outboxId: number): Promise<string | null> {
      const result = await db.execute(sql`
        select provider_id from delivery_statuses where outbox_id = ${outboxId} and channel = ${channel} limit 1`);
      return rowsOf<{ provider_id: string }>(result)[0]?.provider_id ?? null;
    },

    /** The learner with this phone stops receiving anything (WhatsApp says they opted out or blocked us). */
    async optOut(phone: string): Promise<boolean> {
      const result = await db.execute(sql`
        update users set status = 'opted_out', updated_at = now() where phone = ${phone} and status = 'active'
        returning id`);
      return rowsOf(result).length > 0;
    },
  };
}

export type DeliveryStore = ReturnType<typeof deliveryStore>;
