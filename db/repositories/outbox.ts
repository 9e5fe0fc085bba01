import { and, eq, inArray, sql } from 'drizzle-orm';
import type { OutboundMessage, OutboxRow, OutboxStore } from '../../engine/ports.js';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import { outbox } from '../schema/index.js';

const CLAIM_WINDOW = 1000;

/** The sender's view of the outbox table. */
export function outboxStore(db: Database): OutboxStore {
  const refusedOutsideWindow: OutboxStore['refusedOutsideWindow'] = async (id, at) => {
    // A row already sent as its template that is refused again waits for the learner instead.
    const result = await db.execute(sql`
      update outbox set
        status = case when payload->'template' is not null and not as_template then 'pending' else 'held' end,
        as_template = true, provider_id = null, claimed_until = null, attempted_at = null,
        -- From the attempt (the old attempted_at): a message the learner wrote meanwhile releases it.
        next_attempt_at = coalesce(attempted_at, ${at.toISOString()}::timestamptz),
        last_error = 'refused outside the 24-hour window (63016)'
      where id = ${id}
      returning status`);
    const status = rowsOf<{ status: string }>(result)[0]?.status;
    return status === undefined ? null : status === 'pending' ? 'template' : 'held';
  };
  return {
    async claim(now, leaseUntil, limit) {
      // Only each learner's oldest unsent row is eligible, so one learner's messages never overtake.
      // Heads are looked for among the oldest unsent rows only: a learner with none there has only
      // newer rows, which wait for the next round, so a long backlog costs the same as a short one.
      // A claim only stamps claimed_until (status stays 'pending'): a HOT update, no index churn.
      // A row whose lease ran out after it was handed to the channel may have gone: `recovered`. One
      // whose lease ran out before that (its sender died waiting for the rate budget) simply goes.
      const at = now.toISOString();
      const result = await db.execute(sql`
        with oldest as (
          select id, user_id from outbox where status in ('pending', 'sending') order by id limit ${CLAIM_WINDOW}
        ),
        heads as (select distinct on (user_id) id from oldest order by user_id, id),
        due as (
          select o.id, o.attempted_at is not null as recovered, u.status as learner_status, u.last_inbound_at
          from outbox o join heads h on h.id = o.id join users u on u.id = o.user_id
          where (o.claimed_until is null and o.next_attempt_at <= ${at}::timestamptz)
             or o.claimed_until < ${at}::timestamptz
          order by o.id limit ${limit} for update of o skip locked
        )
        update outbox o set claimed_until = ${leaseUntil.toISOString()}::timestamptz, attempts = o.attempts + 1
        from due where o.id = due.id
        returning o.id, o.user_id, o.channel, o.recipient, o.payload, o.attempts, due.recovered,
          o.attempted_at, o.as_template, due.learner_status, due.last_inbound_at`);
      return rowsOf<Record<string, unknown>>(result).map((r): OutboxRow => ({
        id: Number(r.id),
        userId: r.user_id as string,
        channel: r.channel as string,
        recipient: r.recipient as string,
        payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as OutboundMessage,
        attempts: Number(r.attempts),
        recovered: Boolean(r.recovered),
        attemptedAt: r.attempted_at == null ? null : new Date(r.attempted_at as string),
        asTemplate: Boolean(r.as_template),
        learnerStatus: r.learner_status as string,
        lastInboundAt: r.last_inbound_at == null ? null : new Date(r.last_inbound_at as string),
      }));
    },
    async markAttempted(rows, at, leaseUntil) {
      if (rows.length === 0) return new Set();
      // Only this claim's rows: a lease that ran out while the row waited for the rate budget may
      // have let another sender claim it (attempts moved on); that sender sends it, not this one.
      const result = await db.execute(sql`
        update outbox o set attempted_at = ${at.toISOString()}::timestamptz,
          claimed_until = ${leaseUntil.toISOString()}::timestamptz
        from unnest(${sql.param(rows.map((r) => r.id))}::bigint[], ${sql.param(rows.map((r) => r.attempts))}::int[])
          as r(id, attempts)
        where o.id = r.id and o.attempts = r.attempts and o.status = 'pending'
        returning o.id`);
      return new Set(rowsOf<{ id: unknown }>(result).map((r) => Number(r.id)));
    },
    async markSent(sent, at) {
      // Arrays, not a JSON record set: the planner expects a few rows and looks each one up by
      // primary key (for a JSON set it expected 100 and scanned the whole outbox every batch).
      // A refusal outside the 24-hour window (63016) can arrive before this write: such rows are
      // returned and handed to `refusedOutsideWindow`, the same path the status handler takes.
      const result = await db.execute(sql`
        with s as (
          select * from unnest(${sql.param(sent.map((s) => s.id))}::bigint[],
            ${sql.param(sent.map((s) => s.channel))}::text[], ${sql.param(sent.map((s) => s.providerId))}::text[])
            as s(id, channel, provider_id)
        ),
        written as (
          update outbox o set status = 'sent', provider_id = s.provider_id,
            sent_at = ${at.toISOString()}::timestamptz, next_attempt_at = ${at.toISOString()}::timestamptz,
            claimed_until = null
          from s where o.id = s.id
          returning o.id, o.channel, o.provider_id
        )
        select w.id from written w
        join delivery_statuses d on d.channel = w.channel and d.provider_id = w.provider_id and d.error_code = '63016'`);
      for (const row of rowsOf<{ id: unknown }>(result)) await refusedOutsideWindow(Number(row.id), at);
    },
    refusedOutsideWindow,
    async retryLater(id, error, at, options = {}) {
      await db
        .update(outbox)
        .set({
          status: 'pending',
          lastError: error,
          nextAttemptAt: at,
          claimedUntil: null,
          ...(options.uncertain ? {} : { attemptedAt: null }),
        })
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
        update outbox set status = 'held', claimed_until = null, attempted_at = null, attempts = greatest(attempts - 1, 0),
          next_attempt_at = ${at.toISOString()}::timestamptz
        where id = ${id}`);
    },
    async releaseHeld(windowStart) {
      const result = await db.execute(sql`
        update outbox o set status = 'pending', as_template = false
        from users u
        where o.status = 'held' and u.id = o.user_id and u.status = 'active'
          and u.last_inbound_at >= greatest(o.next_attempt_at, ${windowStart.toISOString()}::timestamptz)
        returning o.id`);
      return rowsOf(result).length;
    },
    async queueFallback(id, at) {
      const result = await db.execute(sql`
        insert into outbox (user_id, turn, channel, recipient, payload, next_attempt_at)
        select user_id, turn, channel, recipient, payload->'fallback', ${at.toISOString()}::timestamptz
        from outbox where id = ${id} and jsonb_typeof(payload->'fallback') = 'object'
        returning id`);
      return rowsOf(result).length > 0;
    },
    async markDead(id, reason, options = {}) {
      // The apology goes behind whatever else waits for this learner, in the same statement.
      await db.execute(sql`
        with dead as (
          update outbox set status = 'dead', last_error = ${reason}, claimed_until = null
          where id = ${id}
          returning user_id, turn, channel, recipient, payload->'fallback' as fallback, next_attempt_at
        )
        insert into outbox (user_id, turn, channel, recipient, payload, next_attempt_at)
        select user_id, turn, channel, recipient, fallback, next_attempt_at from dead
        where ${options.fallback === true} and fallback is not null and jsonb_typeof(fallback) = 'object'`);
    },
  };
}
