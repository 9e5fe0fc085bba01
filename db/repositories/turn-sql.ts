import { sql, type SQL } from 'drizzle-orm';
import type { Inbound } from '../../engine/events.js';
import type { InboundRef } from '../../engine/ports.js';

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
