import { and, asc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Inbound } from '../../engine/events.js';
import type {
  Accepted,
  LearnerTx,
  PendingInbound,
  Store,
  TimerRecord,
  TurnCommit,
} from '../../engine/ports.js';
import type { Database, Tx } from '../client.js';
import { rowsOf } from '../rows.js';
import { activityLog, conversations, inboundMessages, outbox, timers, users } from '../schema/index.js';

function identityOf(event: Inbound): { channel: string; providerId: string } {
  return event.type === 'timer' ? { channel: 'timer', providerId: event.timerId } : event;
}

/** The engine's Store port on drizzle: the same code on PGlite and PostgreSQL. */
export function engineStore(db: Database): Store {
  return {
    async accept(event) {
      const { channel, providerId } = identityOf(event);
      const at = new Date(event.at).toISOString();
      // One statement: create the learner and their conversation on first contact, store the event.
      const learner =
        event.type === 'message'
          ? sql`insert into users (phone, last_inbound_at) values (${event.from}, ${at}::timestamptz)
                on conflict (phone) do update set last_inbound_at = excluded.last_inbound_at returning id`
          : sql`select id from users where id = ${event.userId}`;
      const result = await db.execute(sql`
        with learner as (${learner}),
        conversation as (insert into conversations (user_id) select id from learner on conflict do nothing),
        stored as (
          insert into inbound_messages (channel, provider_id, user_id, event, received_at)
          select ${channel}, ${providerId}, id, ${JSON.stringify(event)}::jsonb, ${at}::timestamptz from learner
          on conflict (channel, provider_id) do nothing returning id
        )
        select learner.id as user_id, (select id from stored) as inbound_id from learner`);
      const row = rowsOf<{ user_id: string; inbound_id: string | number | null }>(result)[0];
      if (!row)
        throw new Error(
          `No learner ${event.type === 'message' ? 'for this phone' : (event as { userId: string }).userId}`,
        );
      const inboundId = row.inbound_id === null ? null : Number(row.inbound_id);
      return { duplicate: inboundId === null, userId: row.user_id, inboundId } satisfies Accepted;
    },

    withLearner(userId, fn) {
      return db.transaction(async (tx) => {
        const locked = rowsOf<Record<string, unknown>>(
          await tx.execute(sql`
            select c.snapshot, c.flow_versions, c.turn, u.phone, u.name, u.language, u.timezone, u.status
            from conversations c join users u on u.id = c.user_id
            where c.user_id = ${userId} for update of c`),
        )[0];
        if (!locked) throw new Error(`Learner ${userId} has no conversation`);
        return fn(learnerTx(tx, userId, locked));
      });
    },

    async learnersWithBacklog() {
      const rows = await db
        .select({ userId: inboundMessages.userId, first: sql<number>`min(${inboundMessages.id})` })
        .from(inboundMessages)
        .where(eq(inboundMessages.status, 'pending'))
        .groupBy(inboundMessages.userId)
        .orderBy(sql`min(${inboundMessages.id})`);
      return rows.map((r) => r.userId);
    },

    async unscheduledTimers() {
      return db
        .select({ id: timers.id, userId: timers.userId, dueAt: timers.dueAt })
        .from(timers)
        .where(and(eq(timers.status, 'pending'), isNull(timers.jobId)))
        .orderBy(asc(timers.dueAt));
    },

    async setTimerJob(timerId, jobId) {
      await db.update(timers).set({ jobId }).where(eq(timers.id, timerId));
    },
  };
}

function learnerTx(tx: Tx, userId: string, row: Record<string, unknown>): LearnerTx {
  return {
    learner: {
      id: userId,
      phone: row.phone as string,
      name: (row.name as string | null) ?? null,
      language: row.language as string,
      timezone: row.timezone as string,
      status: row.status as string,
    },
    conversation: {
      snapshot: row.snapshot ?? null,
      flowVersions: (row.flow_versions as Record<string, number>) ?? {},
      turn: Number(row.turn),
    },

    async nextPending(): Promise<PendingInbound | null> {
      const [next, after] = await tx
        .select({ id: inboundMessages.id, event: inboundMessages.event })
        .from(inboundMessages)
        .where(and(eq(inboundMessages.userId, userId), eq(inboundMessages.status, 'pending')))
        .orderBy(asc(inboundMessages.id))
        .limit(2);
      return next ? { id: next.id, event: next.event as Inbound, more: after !== undefined } : null;
    },

    async claimTimer(timerId) {
      const [timer] = await tx
        .update(timers)
        .set({ status: 'fired', firedAt: sql`now()` })
        .where(and(eq(timers.id, timerId), eq(timers.userId, userId), eq(timers.status, 'pending')))
        .returning({
          id: timers.id,
          name: timers.name,
          flowRun: timers.flowRun,
          status: timers.status,
          payload: timers.payload,
        });
      return (timer as TimerRecord | undefined) ?? null;
    },

    async skip(inboundId, status, reason) {
      await tx
        .update(inboundMessages)
        .set({ status, error: reason, processedAt: sql`now()` })
        .where(eq(inboundMessages.id, inboundId));
    },

    async commit(turn: TurnCommit) {
      const cancelled = await cancelTimers(tx, userId, turn);
      // Independent writes: postgres.js pipelines them on the transaction's connection.
      const writes: Promise<unknown>[] = [
        tx
          .update(conversations)
          .set({
            snapshot: turn.snapshot,
            flowVersions: turn.flowVersions,
            turn: turn.turn,
            updatedAt: sql`now()`,
          })
          .where(eq(conversations.userId, userId)),
        tx
          .update(inboundMessages)
          .set({
            status: turn.activity.kind === 'turn.failed' ? 'failed' : 'processed',
            turn: turn.turn,
            processedAt: sql`now()`,
          })
          .where(eq(inboundMessages.id, turn.inboundId)),
        tx
          .insert(activityLog)
          .values({
            userId,
            turn: turn.turn,
            kind: turn.activity.kind,
            inboundId: turn.inboundId,
            state: turn.activity.state,
            detail: turn.activity.detail,
          }),
      ];
      if (turn.outbox.length > 0) {
        writes.push(
          tx
            .insert(outbox)
            .values(
              turn.outbox.map((row) => ({
                ...row,
                userId,
                turn: turn.turn,
                createdAt: turn.at,
                nextAttemptAt: turn.at,
              })),
            ),
        );
      }
      if (turn.timers.create.length > 0) {
        writes.push(
          tx
            .insert(timers)
            .values(turn.timers.create.map((t) => ({ ...t, userId, turn: turn.turn, createdAt: turn.at }))),
        );
      }
      if (turn.profile) {
        const { preferences, ...profile } = turn.profile;
        writes.push(
          tx
            .update(users)
            .set({
              ...profile,
              ...(preferences
                ? { preferences: sql`${users.preferences} || ${JSON.stringify(preferences)}::jsonb` }
                : {}),
              updatedAt: sql`now()`,
            })
            .where(eq(users.id, userId)),
        );
      }
      await Promise.all(writes);
      return { cancelledJobIds: cancelled };
    },
  };
}

/** Cancels replaced timers (same name) and timers of flow runs that ended; returns their job ids. */
async function cancelTimers(tx: Tx, userId: string, turn: TurnCommit): Promise<string[]> {
  const { cancelNames, cancelOtherRunsThan } = turn.timers;
  if (cancelNames.length === 0 && !cancelOtherRunsThan) return [];
  const which = [
    ...(cancelNames.length > 0 ? [inArray(timers.name, cancelNames)] : []),
    ...(cancelOtherRunsThan ? [notInArray(timers.flowRun, [cancelOtherRunsThan, 'root'])] : []),
  ];
  const rows = await tx
    .update(timers)
    .set({ status: 'cancelled' })
    .where(
      and(
        eq(timers.userId, userId),
        eq(timers.status, 'pending'),
        which.length === 1 ? which[0] : sql`(${sql.join(which, sql` or `)})`,
      ),
    )
    .returning({ jobId: timers.jobId });
  return rows.map((r) => r.jobId).filter((id): id is string => id !== null);
}
