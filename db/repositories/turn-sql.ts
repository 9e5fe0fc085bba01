import { sql, type SQL } from 'drizzle-orm';
import type { Inbound } from '../../engine/events.js';
import type { InboundRef, TurnCommit } from '../../engine/ports.js';

export function identityOf(event: Inbound): { channel: string; providerId: string } {
  return event.type === 'timer' ? { channel: 'timer', providerId: event.timerId } : event;
}

const json = (value: unknown) => sql`${JSON.stringify(value ?? null)}::jsonb`;
const time = (value: Date | string | null) =>
  sql`${value === null ? null : new Date(value).toISOString()}::timestamptz`;

/** Stores an inbound event that runs no turn now: queued behind others (`pending`), or skipped. */
export function storeInboundStatement(
  userId: string,
  ref: InboundRef,
  status: 'pending' | 'processed',
  reason?: string,
): SQL {
  // The conversation counts its stored-but-unprocessed events: a turn without the lock checks it.
  const backlog = status === 'pending' ? 1 : 'id' in ref ? -1 : 0;
  const counted = sql`counted as (update conversations set backlog = backlog + ${backlog}::int where user_id = ${userId} and ${backlog}::int <> 0)`;
  if ('id' in ref) {
    return sql`with ${counted} update inbound_messages set status = ${status}, error = ${reason ?? null}::text,
      processed_at = now() where id = ${ref.id} returning id`;
  }
  const { channel, providerId } = identityOf(ref.event);
  return sql`with ${counted}
    insert into inbound_messages (channel, provider_id, user_id, event, received_at, status, error, processed_at)
    values (${channel}, ${providerId}, ${userId}, ${json(ref.event)}, ${time(ref.event.at)}, ${status}, ${reason ?? null}::text,
      ${time(status === 'pending' ? null : ref.event.at)}) returning id`;
}

function storedByTurn(userId: string, turn: TurnCommit, status: string): SQL {
  if ('id' in turn.inbound) {
    return sql`update inbound_messages set status = ${status}, turn = ${turn.turn}, processed_at = now()
      where id = ${turn.inbound.id} and exists (select 1 from conversation) returning id`;
  }
  const event = turn.inbound.event;
  const { channel, providerId } = identityOf(event);
  return sql`insert into inbound_messages (channel, provider_id, user_id, event, received_at, status, turn, processed_at)
    select ${channel}, ${providerId}, ${userId}, ${json(event)}, ${time(event.at)}, ${status}, ${turn.turn}, ${time(event.at)}
    from conversation returning id`;
}

/**
 * Everything a turn writes, as ONE statement: one round trip, one prepared plan. It applies only
 * if the conversation is still at the turn it was computed from (compare-and-set on `turn`), so it
 * is safe without a lock too; `optimistic` also requires no waiting events and no earlier copy of
 * the inbound event. Returns `id` (null when it did not apply) and the job ids of cancelled timers.
 */
export function turnStatement(
  userId: string,
  turn: TurnCommit,
  status: string,
  optimistic: boolean | { learnerVersion?: string },
): SQL {
  const event = 'event' in turn.inbound ? turn.inbound.event : null;
  const { channel, providerId } = event ? identityOf(event) : { channel: '', providerId: '' };
  const version = typeof optimistic === 'object' ? optimistic.learnerVersion : undefined;
  const guard = optimistic
    ? sql`and backlog = 0 and not exists (select 1 from inbound_messages where channel = ${channel} and provider_id = ${providerId})
        ${version ? sql`and exists (select 1 from users where id = ${userId} and updated_at::text = ${version})` : sql``}`
    : sql``;
  const fromBacklog = 'id' in turn.inbound ? 1 : 0;
  const { preferences, ...profile } = turn.profile ?? {};
  const lastInboundAt = event?.type === 'message' ? event.at : null;
  const { cancelNames, cancelOtherRunsThan } = turn.timers;
  return sql`with
    conversation as (
      update conversations set snapshot = ${json(turn.snapshot)}, flow_versions = ${json(turn.flowVersions)},
        turn = ${turn.turn}, backlog = backlog - ${fromBacklog}::int, updated_at = now()
      where user_id = ${userId} and turn = ${turn.turn - 1} ${guard} returning user_id),
    stored as (${storedByTurn(userId, turn, status)}),
    activity as (
      insert into activity_log (user_id, turn, kind, inbound_id, state, detail)
      select ${userId}, ${turn.turn}, ${turn.activity.kind}, id, ${json(turn.activity.state)}, ${json(turn.activity.detail)} from stored),
    sent as (
      insert into outbox (user_id, turn, channel, recipient, payload, created_at, next_attempt_at)
      select ${userId}, ${turn.turn}, o.row->>'channel', o.row->>'recipient', o.row->'payload', ${time(turn.at)}, ${time(turn.at)}
      from conversation, jsonb_array_elements(${json(turn.outbox)}) with ordinality as o(row, n) order by o.n),
    cancelled as (
      update timers set status = 'cancelled'
      where user_id = (select user_id from conversation) and status = 'pending'
        and (name in (select jsonb_array_elements_text(${json(cancelNames)}))
          or (${cancelOtherRunsThan ?? null}::text is not null and flow_run <> all(array[${cancelOtherRunsThan ?? null}::text, 'root'])))
      returning job_id),
    scheduled as (
      insert into timers (id, user_id, name, flow_run, payload, due_at, turn, created_at)
      select t->>'id', ${userId}, t->>'name', t->>'flowRun', t->'payload', (t->>'dueAt')::timestamptz, ${turn.turn}, ${time(turn.at)}
      from conversation, jsonb_array_elements(${json(turn.timers.create)}) as t),
    learner as (
      update users set
        name = coalesce(${profile.name ?? null}::text, name),
        language = coalesce(${profile.language ?? null}::text, language),
        timezone = coalesce(${profile.timezone ?? null}::text, timezone),
        status = coalesce(${profile.status ?? null}::text, status),
        preferences = preferences || ${json(preferences ?? {})},
        updated_at = case when ${turn.profile ? 1 : 0}::int = 1 then now() else updated_at end,
        last_inbound_at = coalesce(${time(lastInboundAt)}, last_inbound_at)
      -- last_inbound_at opens the 24-hour window; a minute's lag only closes it early, so skip the
      -- row update while it is that fresh.
      where id = (select user_id from conversation) and (${turn.profile ? 1 : 0}::int = 1
        or last_inbound_at is null or last_inbound_at < ${time(lastInboundAt)} - interval '1 minute'))
    select (select id from stored) as id, array(select job_id from cancelled where job_id is not null) as cancelled`;
}
