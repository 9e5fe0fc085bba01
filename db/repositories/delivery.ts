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
  outbox: { id: number; userId: string; payload: Record<string, unknown> } | null;
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
            (channel, provider_id, status, error_code, recipient, updated_at, sent_at, delivered_at, read_at, failed_at)
          values (${report.channel}, ${report.providerId}, ${report.status}, ${report.errorCode ?? null},
            ${report.recipient ?? null}, ${at}::timestamptz, ${stamp(['sent'])}, ${stamp(['delivered'])},
            ${stamp(['read'])}, ${stamp(['failed', 'undelivered'])})
          on conflict (channel, provider_id) do update set
            status = case when ${rank('d.status')} < ${rank('excluded.status')} then excluded.status else d.status end,
            error_code = coalesce(excluded.error_code, d.error_code),
            recipient = coalesce(d.recipient, excluded.recipient),
            updated_at = greatest(d.updated_at, excluded.updated_at),
            sent_at = coalesce(d.sent_at, excluded.sent_at),
            delivered_at = coalesce(d.delivered_at, excluded.delivered_at),
            read_at = coalesce(d.read_at, excluded.read_at),
            failed_at = coalesce(d.failed_at, excluded.failed_at)
          returning d.status
        )
        select w.status, (select status from before) as previous, o.id as outbox_id, o.user_id, o.payload
        from written w
        left join outbox o on o.channel = ${report.channel} and o.provider_id = ${report.providerId}`);
      const row = rowsOf<Record<string, unknown>>(result)[0]!;
      const payload = row.payload;
      return {
        status: row.status as DeliveryState,
        advanced: row.previous !== row.status,
        outbox:
          row.outbox_id == null
            ? null
            : {
                id: Number(row.outbox_id),
                userId: row.user_id as string,
                payload: (typeof payload === 'string' ? JSON.parse(payload) : payload) as Record<
                  string,
                  unknown
                >,
              },
      };
    },

    /** The outbox row a provider message was sent for, once the sender has recorded it. */
    async findOutbox(channel: string, providerId: string): Promise<RecordedStatus['outbox']> {
      const result = await db.execute(sql`
        select id, user_id, payload from outbox where channel = ${channel} and provider_id = ${providerId}`);
      const row = rowsOf<Record<string, unknown>>(result)[0];
      if (!row) return null;
      const payload = row.payload;
      return {
        id: Number(row.id),
        userId: row.user_id as string,
        payload: (typeof payload === 'string' ? JSON.parse(payload) : payload) as Record<string, unknown>,
      };
    },

    /** The learner with this phone stops receiving anything (WhatsApp says they opted out or blocked us). */
    async optOut(phone: string): Promise<boolean> {
      const result = await db.execute(sql`
        update users set status = 'opted_out', updated_at = now() where phone = ${phone} and status = 'active'
        returning id`);
      return rowsOf(result).length > 0;
    },

    /**
     * A message the channel refused because the learner's window had closed: sent again as its
     * template if it has one, else held until the learner writes again.
     */
    async resendAsTemplate(outboxId: number, at: Date): Promise<'template' | 'held'> {
      const result = await db.execute(sql`
        update outbox set
          status = case when payload->'template' is not null then 'pending' else 'held' end,
          payload = payload || '{"forceTemplate": true}'::jsonb,
          provider_id = null, claimed_until = null, next_attempt_at = ${at.toISOString()}::timestamptz,
          last_error = 'refused outside the 24-hour window (63016)'
        where id = ${outboxId}
        returning status`);
      return rowsOf<{ status: string }>(result)[0]?.status === 'pending' ? 'template' : 'held';
    },
  };
}

export type DeliveryStore = ReturnType<typeof deliveryStore>;
