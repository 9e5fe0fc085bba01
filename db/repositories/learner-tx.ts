import { and, asc, eq, sql } from 'drizzle-orm';
import type { Inbound } from '../../engine/events.js';
import type { LearnerTx, PendingInbound, TimerRecord, TurnCommit } from '../../engine/ports.js';
import type { Tx } from '../client.js';
import { rowsOf } from '../rows.js';
import { inboundMessages, timers } from '../schema/index.js';
import { identityOf, storeInboundStatement } from './turn-sql.js';
import { turnStatement } from './turn-statement.js';

/** What a turn reads about a learner; `lock` takes their turn lock (the conversation row). */
export const learnerQuery = (where: ReturnType<typeof sql>, lock: boolean) => sql`
  select c.user_id, c.snapshot, c.flow_versions, c.turn, c.backlog, u.phone, u.name, u.language, u.timezone, u.status,
    u.learning_state, u.updated_at::text as version
  from conversations c join users u on u.id = c.user_id
  where ${where} ${lock ? sql`for update of c` : sql``}`;

export function learnerOf(row: Record<string, unknown>) {
  return {
    learner: {
      id: row.user_id as string,
      phone: row.phone as string,
      name: (row.name as string | null) ?? null,
      language: row.language as string,
      timezone: row.timezone as string,
      status: row.status as string,
      learning: (typeof row.learning_state === 'string'
        ? JSON.parse(row.learning_state)
        : (row.learning_state ?? {})) as Record<string, unknown>,
      version: row.version as string,
    },
    conversation: {
      snapshot: row.snapshot ?? null,
      flowVersions: (row.flow_versions as Record<string, number>) ?? {},
      turn: Number(row.turn),
      backlog: Number(row.backlog),
    },
  };
}

/** Runs a turn's single write statement; null `inboundId` means the conversation had moved on. */
export async function writeTurn(
  db: Pick<Tx, 'execute'>,
  userId: string,
  turn: TurnCommit,
  optimistic: boolean | { learnerVersion?: string },
) {
  const status = turn.activity.kind === 'turn.failed' ? 'failed' : 'processed';
  const [row] = rowsOf<{ id: string | number | null; cancelled: string[] | string }>(
    await db.execute(turnStatement(userId, turn, status, optimistic)),
  );
  const cancelled =
    typeof row?.cancelled === 'string' ? parseTextArray(row.cancelled) : (row?.cancelled ?? []);
  return { inboundId: row?.id == null ? null : Number(row.id), cancelledJobIds: cancelled };
}

// PGlite returns text[] as an array; some drivers return the `{a,b}` literal.
function parseTextArray(literal: string): string[] {
  const inner = literal.slice(1, -1);
  return inner ? inner.split(',').map((s) => s.replace(/^"|"$/g, '')) : [];
}

/** One locked turn's reads and writes (see the LearnerTx port). */
export function learnerTx(tx: Tx, row: Record<string, unknown>): LearnerTx {
  const { learner, conversation } = learnerOf(row);
  const userId = learner.id;
  const storeInbound = async (
    ...args: Parameters<typeof storeInboundStatement> extends [string, ...infer R] ? R : never
  ) =>
    Number(rowsOf<{ id: string | number }>(await tx.execute(storeInboundStatement(userId, ...args)))[0]!.id);
  return {
    learner,
    conversation,

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
      const [found] = await tx
        .select({ id: inboundMessages.id })
        .from(inboundMessages)
        .where(and(eq(inboundMessages.channel, channel), eq(inboundMessages.providerId, providerId)));
      return { duplicate: found !== undefined, backlog: conversation.backlog > 0 };
    },

    enqueue: (event) => storeInbound({ event }, 'pending'),

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
      await storeInbound(inbound, 'processed', reason);
    },

    async commit(turn: TurnCommit) {
      const written = await writeTurn(tx, userId, turn, false);
      if (written.inboundId === null)
        throw new Error(`Turn ${turn.turn} of ${userId} no longer applies under its lock`);
      return { inboundId: written.inboundId, cancelledJobIds: written.cancelledJobIds };
    },
  };
}
