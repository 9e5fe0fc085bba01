import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Inbound } from '../../engine/events.js';
import type { InboundRef, LearnerTx, PendingInbound, TimerRecord, TurnCommit } from '../../engine/ports.js';
import type { Tx } from '../client.js';
import { rowsOf } from '../rows.js';
import { inboundMessages, timers, users } from '../schema/index.js';
import { identityOf, storedInbound, turnStatement } from './turn-sql.js';

/** The statement that takes a learner's turn lock: their conversation row, with what a turn reads. */
export const lockConversation = (where: ReturnType<typeof sql>) => sql`
  select c.user_id, c.snapshot, c.flow_versions, c.turn, u.phone, u.name, u.language, u.timezone, u.status
  from conversations c join users u on u.id = c.user_id
  where ${where} for update of c`;

/** Stores an inbound event that runs no turn now (queued, or a stale timer); returns its id. */
async function storeInbound(tx: Tx, userId: string, ref: InboundRef, status: string, error?: string) {
  const result = await tx.execute(storedInbound(userId, ref, status, null, error));
  return Number(rowsOf<{ id: string | number }>(result)[0]!.id);
}

/** One locked turn's reads and writes (see the LearnerTx port). */
export function learnerTx(tx: Tx, row: Record<string, unknown>): LearnerTx {
  const userId = row.user_id as string;
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
      return next ? { ref: { id: next.id }, event: next.event as Inbound, more: after !== undefined } : null;
    },

    async standing(event) {
      const { channel, providerId } = identityOf(event);
      const [row] = rowsOf<{ duplicate: boolean; backlog: boolean }>(
        await tx.execute(sql`select
          exists (select 1 from inbound_messages where channel = ${channel} and provider_id = ${providerId}) as duplicate,
          exists (select 1 from inbound_messages where user_id = ${userId} and status = 'pending') as backlog`),
      );
      return { duplicate: Boolean(row?.duplicate), backlog: Boolean(row?.backlog) };
    },

    enqueue: (event) => storeInbound(tx, userId, { event }, 'pending'),

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

    async skip(inbound, reason) {
      await storeInbound(tx, userId, inbound, 'processed', reason);
    },

    async commit(turn: TurnCommit) {
      const cancelled = await cancelTimers(tx, userId, turn);
      const status = turn.activity.kind === 'turn.failed' ? 'failed' : 'processed';
      // Independent writes: postgres.js pipelines them on the transaction's connection.
      // drizzle's query promises are lazy and run again on every await: settle this one once.
      const stored = Promise.resolve(tx.execute(turnStatement(userId, turn, status)));
      const writes: Promise<unknown>[] = [stored];
      if (turn.timers.create.length > 0) {
        const rows = turn.timers.create.map((t) => ({ ...t, userId, turn: turn.turn, createdAt: turn.at }));
        writes.push(tx.insert(timers).values(rows));
      }
      if (turn.profile) {
        const { preferences, ...profile } = turn.profile;
        const merged = preferences
          ? { preferences: sql`${users.preferences} || ${JSON.stringify(preferences)}::jsonb` }
          : {};
        writes.push(
          tx
            .update(users)
            .set({ ...profile, ...merged, updatedAt: sql`now()` })
            .where(eq(users.id, userId)),
        );
      }
      await Promise.all(writes);
      return {
        cancelledJobIds: cancelled,
        inboundId: Number(rowsOf<{ id: string | number }>(await stored)[0]!.id),
      };
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
