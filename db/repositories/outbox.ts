import { and, eq, inArray, sql } from 'drizzle-orm';
import type { OutboxRow, OutboxStore } from '../../engine/sender.js';
import type { OutboundMessage } from '../../engine/ports.js';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import { outbox } from '../schema/index.js';

const CLAIM_WINDOW = 1000;

/** The sender's view of the outbox table. */
export function outboxStore(db: Database): OutboxStore {
  return {
    async claim(now, leaseUntil, limit) {
      // Only each learner's oldest unsent row is eligible, so one learner's messages never overtake.
      // Heads are looked for among the oldest unsent rows only: a learner with none there has only
      // newer rows, which wait for the next round, so a long backlog costs the same as a short one.
      // A claim only stamps claimed_until (status stays 'pending'): a HOT update, no index churn.
      // A row still claimed after its lease ran out was mid-send when its sender died: `recovered`.
      const at = now.toISOString();
      const result = await db.execute(sql`
        with oldest as (
          select id, user_id from outbox where status in ('pending', 'sending') order by id limit ${CLAIM_WINDOW}
        ),
        heads as (select distinct on (user_id) id from oldest order by user_id, id),
        due as (
          select o.id, o.claimed_until is not null as recovered, u.status as learner_status, u.last_inbound_at
          from outbox o join heads h on h.id = o.id join users u on u.id = o.user_id
          where (o.claimed_until is null and o.next_attempt_at <= ${at}::timestamptz)
             or o.claimed_until < ${at}::timestamptz
          order by o.id limit ${limit} for update of o skip locked
        )
        update outbox o set claimed_until = ${leaseUntil.toISOString()}::timestamptz, attempts = o.attempts + 1
        from due where o.id = due.id
        returning o.id, o.user_id, o.channel, o.recipient, o.payload, o.attempts, due.recovered,
          due.learner_status, due.last_inbound_at`);
      return rowsOf<Record<string, unknown>>(result).map((r): OutboxRow => ({
        id: Number(r.id),
        userId: r.user_id as string,
        channel: r.channel as string,
        recipient: r.recipient as string,
        payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as OutboundMessage,
        attempts: Number(r.attempts),
        recovered: Boolean(r.recovered),
        learnerStatus: r.learner_status as string,
        lastInboundAt: r.last_inbound_at == null ? null : new Date(r.last_inbound_at as string),
      }));
    },
    async markSent(sent, at) {
      // A refusal outside the 24-hour window (63016) can arrive before this write: the row is then
      // put back as its template, or held, exactly as the status handler would have done.
      await db.execute(sql`
        update outbox o set
          status = case when r.refused is null then 'sent'
            when o.payload->'template' is not null and o.payload->>'forceTemplate' is null then 'pending'
            else 'held' end,
          provider_id = case when r.refused is null then r.provider_id end,
          payload = case when r.refused is null then o.payload else o.payload || '{"forceTemplate": true}'::jsonb end,
          last_error = coalesce(r.refused, o.last_error),
          sent_at = ${at.toISOString()}::timestamptz, next_attempt_at = ${at.toISOString()}::timestamptz,
          claimed_until = null
        from (
          select s.id, s.provider_id, 'refused outside the 24-hour window (' || d.error_code || ')' as refused
          -- Arrays, not a JSON record set: the planner expects a few rows and looks each one up by
          -- primary key (for a JSON set it expected 100 and scanned the whole outbox every batch).
          from unnest(${sql.param(sent.map((s) => s.id))}::bigint[], ${sql.param(sent.map((s) => s.channel))}::text[],
            ${sql.param(sent.map((s) => s.providerId))}::text[]) as s(id, channel, provider_id)
          left join delivery_statuses d
            on d.channel = s.channel and d.provider_id = s.provider_id and d.error_code = '63016'
        ) r
        where o.id = r.id`);
    },
    async retryLater(id, error, at) {
      await db
        .update(outbox)
        .set({ status: 'pending', lastError: error, nextAttemptAt: at, claimedUntil: null })
        .where(eq(outbox.id, id));
    },
    async release(ids) {
      if (ids.length === 0) return;
      await db
        .update(outbox)
        .set({ claimedUntil: null, attempts: sql`${outbox.attempts} - 1` })
        .where(and(inArray(outbox.id, ids), eq(outbox.status, 'pending')));
    },
    async hold(id, at) {
      // next_attempt_at remembers when it was held: only a message written after that releases it.
      await db.execute(sql`
        update outbox set status = 'held', claimed_until = null, attempts = greatest(attempts - 1, 0),
          next_attempt_at = ${at.toISOString()}::timestamptz
        where id = ${id}`);
    },
    async releaseHeld(windowStart) {
      const result = await db.execute(sql`
        update outbox o set status = 'pending', payload = o.payload - 'forceTemplate'
        from users u
        where o.status = 'held' and u.id = o.user_id and u.status = 'active'
          and u.last_inbound_at >= greatest(o.next_attempt_at, ${windowStart.toISOString()}::timestamptz)
        returning o.id`);
      return rowsOf(result).length;
    },
    async markDead(id, reason) {
      await db
        .update(outbox)
        .set({ status: 'dead', lastError: reason, claimedUntil: null })
        .where(eq(outbox.id, id));
    },
  };
}
