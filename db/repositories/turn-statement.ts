import type { TurnCommit } from '../../engine/ports.js';
import {
  bind,
  statementShape,
  type Placeholder,
  type PrebuiltSql,
  type StatementShape,
} from '../prebuilt.js';
import { identityOf } from './turn-sql.js';

type Param =
  | 'userId'
  | 'turn'
  | 'at'
  | 'snapshot'
  | 'flowVersions'
  | 'channel'
  | 'providerId'
  | 'version'
  | 'event'
  | 'receivedAt'
  | 'status'
  | 'inboundId'
  | 'kind'
  | 'activityState'
  | 'activityDetail'
  | 'outbox'
  | 'cancelNames'
  | 'cancelOtherRunsThan'
  | 'timers'
  | 'name'
  | 'language'
  | 'timezone'
  | 'profileStatus'
  | 'learning'
  | 'profileChanged'
  | 'lastInboundAt';

/** Whether the turn runs a stored (backlog) event or stores its event now, and how it is guarded. */
interface Shape {
  fromBacklog: boolean;
  guard: 'locked' | 'optimistic' | 'optimistic-version';
  /** Parts most turns leave out: a shape without them skips their work in PostgreSQL too. */
  cancels: boolean;
  schedules: boolean;
}

/** Cancels the learner's pending timers by name, and those of other flow runs when the run changed. */
const cancelTimers = (p: Placeholder<Param>) => `
  update timers set status = 'cancelled'
  where user_id = (select user_id from conversation) and status = 'pending'
    and (name in (select jsonb_array_elements_text(${p('cancelNames', 'jsonb')}))
      or (${p('cancelOtherRunsThan', 'text')} is not null
        and flow_run <> all(array[${p('cancelOtherRunsThan', 'text')}, 'root'])))
  returning job_id`;

const scheduleTimers = (p: Placeholder<Param>, userId: string, turn: string, at: string) => `
  insert into timers (id, user_id, name, flow_run, payload, due_at, turn, created_at)
  select t->>'id', ${userId}, t->>'name', t->>'flowRun', t->'payload', (t->>'dueAt')::timestamptz, ${turn}, ${at}
  from conversation, jsonb_array_elements(${p('timers', 'jsonb')}) as t`;

function turnText({ fromBacklog, guard, cancels, schedules }: Shape, p: Placeholder<Param>): string {
  const userId = p('userId', 'uuid');
  const turn = p('turn', 'int');
  const optimistic =
    guard === 'locked'
      ? ''
      : `and backlog = 0 and not exists (select 1 from inbound_messages
          where channel = ${p('channel', 'text')} and provider_id = ${p('providerId', 'text')})` +
        (guard === 'optimistic-version'
          ? ` and exists (select 1 from users where id = ${userId} and updated_at::text = ${p('version', 'text')})`
          : '');
  const stored = fromBacklog
    ? `update inbound_messages set status = ${p('status', 'text')}, turn = ${turn}, processed_at = now()
        where id = ${p('inboundId', 'bigint')} and exists (select 1 from conversation) returning id`
    : `insert into inbound_messages (channel, provider_id, user_id, event, received_at, status, turn, processed_at)
        select ${p('channel', 'text')}, ${p('providerId', 'text')}, ${userId}, ${p('event', 'jsonb')},
          ${p('receivedAt', 'timestamptz')}, ${p('status', 'text')}, ${turn}, ${p('receivedAt', 'timestamptz')}
        from conversation returning id`;
  const at = p('at', 'timestamptz');
  const lastInboundAt = p('lastInboundAt', 'timestamptz');
  const profileChanged = p('profileChanged', 'boolean');
  return `with
    conversation as (
      update conversations set snapshot = ${p('snapshot', 'jsonb')}, flow_versions = ${p('flowVersions', 'jsonb')},
        turn = ${turn}, backlog = backlog - ${fromBacklog ? 1 : 0}, updated_at = now()
      where user_id = ${userId} and turn = ${turn} - 1 ${optimistic} returning user_id),
    stored as (${stored}),
    activity as (
      insert into activity_log (user_id, turn, kind, inbound_id, state, detail)
      select ${userId}, ${turn}, ${p('kind', 'text')}, id, ${p('activityState', 'jsonb')}, ${p('activityDetail', 'jsonb')} from stored),
    sent as (
      insert into outbox (user_id, turn, channel, recipient, payload, created_at, next_attempt_at)
      select ${userId}, ${turn}, o.row->>'channel', o.row->>'recipient', o.row->'payload', ${at}, ${at}
      from conversation, jsonb_array_elements(${p('outbox', 'jsonb')}) with ordinality as o(row, n) order by o.n),
    cancelled as (${cancels ? cancelTimers(p) : 'select null::text as job_id where false'}),
    ${schedules ? `scheduled as (${scheduleTimers(p, userId, turn, at)}),` : ''}
    learner as (
      update users set
        name = coalesce(${p('name', 'text')}, name),
        language = coalesce(${p('language', 'text')}, language),
        timezone = coalesce(${p('timezone', 'text')}, timezone),
        status = coalesce(${p('profileStatus', 'text')}, status),
        learning_state = learning_state || ${p('learning', 'jsonb')},
        updated_at = case when ${profileChanged} then now() else updated_at end,
        last_inbound_at = coalesce(${lastInboundAt}, last_inbound_at)
      -- last_inbound_at opens the 24-hour window; a minute's lag only closes it early, so skip the
      -- row update while it is that fresh.
      where id = (select user_id from conversation) and (${profileChanged}
        or last_inbound_at is null or last_inbound_at < ${lastInboundAt} - interval '1 minute'))
    select (select id from stored) as id, array(select job_id from cancelled where job_id is not null) as cancelled`;
}

const shapes = new Map<string, StatementShape<Param>>();

function shapeOf(shape: Shape): StatementShape<Param> {
  const key = `${shape.fromBacklog}:${shape.guard}:${shape.cancels}:${shape.schedules}`;
  let built = shapes.get(key);
  if (!built) shapes.set(key, (built = statementShape<Param>((p) => turnText(shape, p))));
  return built;
}

const json = (value: unknown) => JSON.stringify(value ?? null);
const time = (value: Date | string | null | undefined) =>
  value == null ? null : new Date(value).toISOString();

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
): PrebuiltSql {
  const event = 'event' in turn.inbound ? turn.inbound.event : null;
  const { channel, providerId } = event ? identityOf(event) : { channel: '', providerId: '' };
  const version = typeof optimistic === 'object' ? optimistic.learnerVersion : undefined;
  const shape = shapeOf({
    fromBacklog: 'id' in turn.inbound,
    guard: !optimistic ? 'locked' : version ? 'optimistic-version' : 'optimistic',
    cancels: turn.timers.cancelNames.length > 0 || turn.timers.cancelOtherRunsThan !== undefined,
    schedules: turn.timers.create.length > 0,
  });
  const { learning, ...profile } = turn.profile ?? {};
  return bind(shape, {
    userId,
    turn: turn.turn,
    at: time(turn.at),
    snapshot: json(turn.snapshot),
    flowVersions: json(turn.flowVersions),
    channel,
    providerId,
    version: version ?? null,
    event: event ? json(event) : null,
    receivedAt: time(event?.at),
    status,
    inboundId: 'id' in turn.inbound ? turn.inbound.id : null,
    kind: turn.activity.kind,
    activityState: json(turn.activity.state),
    activityDetail: json(turn.activity.detail),
    outbox: json(turn.outbox),
    cancelNames: json(turn.timers.cancelNames),
    cancelOtherRunsThan: turn.timers.cancelOtherRunsThan ?? null,
    timers: json(turn.timers.create),
    name: profile.name ?? null,
    language: profile.language ?? null,
    timezone: profile.timezone ?? null,
    profileStatus: profile.status ?? null,
    learning: json(learning ?? {}),
    profileChanged: turn.profile ? true : false,
    lastInboundAt: time(event?.type === 'message' ? event.at : null),
  });
}
