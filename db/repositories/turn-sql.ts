import { sql, type SQL } from 'drizzle-orm';
import type { Inbound } from '../../engine/events.js';
import type { InboundRef, TurnCommit } from '../../engine/ports.js';

export function identityOf(event: Inbound): { channel: string; providerId: string } {
  return event.type === 'timer' ? { channel: 'timer', providerId: event.timerId } : event;
}

const json = (value: unknown) => sql`${JSON.stringify(value ?? null)}::jsonb`;

/** A statement returning `id`: stores a new inbound event, or records what became of a stored one. */
export function storedInbound(
  userId: string,
  ref: InboundRef,
  status: string,
  turn: number | null,
  error?: string,
): SQL {
  if ('id' in ref) {
    return sql`update inbound_messages set status = ${status}, turn = ${turn}::int, error = ${error ?? null}::text,
      processed_at = now() where id = ${ref.id} returning id`;
  }
  const { channel, providerId } = identityOf(ref.event);
  const at = new Date(ref.event.at).toISOString();
  const processedAt = status === 'pending' ? null : at;
  return sql`insert into inbound_messages (channel, provider_id, user_id, event, received_at, status, turn, error, processed_at)
    values (${channel}, ${providerId}, ${userId}, ${json(ref.event)}, ${at}::timestamptz, ${status}, ${turn}::int,
      ${error ?? null}::text, ${processedAt}::timestamptz) returning id`;
}

/**
 * A turn's usual writes as ONE statement (one round trip, one prepared plan): the snapshot, the
 * inbound event, the activity-log row, the outbox rows and the learner's last inbound time.
 */
export function turnStatement(userId: string, turn: TurnCommit, status: string): SQL {
  const at = turn.at.toISOString();
  const inbound = 'event' in turn.inbound ? turn.inbound.event : null;
  const lastInboundAt = inbound?.type === 'message' ? new Date(inbound.at).toISOString() : null;
  return sql`with
    conversation as (
      update conversations set snapshot = ${json(turn.snapshot)}, flow_versions = ${json(turn.flowVersions)},
        turn = ${turn.turn}, updated_at = now() where user_id = ${userId}),
    stored as (${storedInbound(userId, turn.inbound, status, turn.turn)}),
    activity as (
      insert into activity_log (user_id, turn, kind, inbound_id, state, detail)
      select ${userId}, ${turn.turn}, ${turn.activity.kind}, id, ${json(turn.activity.state)}, ${json(turn.activity.detail)} from stored),
    sent as (
      insert into outbox (user_id, turn, channel, recipient, payload, created_at, next_attempt_at)
      select ${userId}, ${turn.turn}, o.row->>'channel', o.row->>'recipient', o.row->'payload', ${at}::timestamptz, ${at}::timestamptz
      from jsonb_array_elements(${json(turn.outbox)}) with ordinality as o(row, n)
      order by o.n),
    learner as (
      update users set last_inbound_at = ${lastInboundAt}::timestamptz where id = ${userId} and ${lastInboundAt}::timestamptz is not null)
    select id from stored`;
}
