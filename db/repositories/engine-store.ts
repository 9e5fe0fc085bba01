import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Inbound } from '../../engine/events.js';
import type { Accepted, Store } from '../../engine/ports.js';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import { inboundMessages, timers } from '../schema/index.js';
import { learnerOf, learnerQuery, learnerTx, writeTurn } from './learner-tx.js';
import { identityOf } from './turn-sql.js';

const whereLearnerOf = (event: Inbound) =>
  event.type === 'message' ? sql`u.phone = ${event.from}` : sql`c.user_id = ${event.userId}`;

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
        stored as (
          insert into inbound_messages (channel, provider_id, user_id, event, received_at)
          select ${channel}, ${providerId}, id, ${JSON.stringify(event)}::jsonb, ${at}::timestamptz from learner
          on conflict (channel, provider_id) do nothing returning id
        ),
        conversation as (
          insert into conversations (user_id, backlog) select id, (select count(*) from stored) from learner
          on conflict (user_id) do update set backlog = conversations.backlog + excluded.backlog
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
        const [locked] = rowsOf<Record<string, unknown>>(
          await tx.execute(learnerQuery(sql`c.user_id = ${userId}`, true)),
        );
        if (!locked) throw new Error(`Learner ${userId} has no conversation`);
        return fn(learnerTx(tx, locked));
      });
    },

    withLearnerOf(event, fn) {
      return db.transaction(async (tx) => {
        const [locked] = rowsOf<Record<string, unknown>>(
          await tx.execute(learnerQuery(whereLearnerOf(event), true)),
        );
        return locked ? fn(learnerTx(tx, locked)) : null;
      });
    },

    async peek(event) {
      const [row] = rowsOf<Record<string, unknown>>(
        await db.execute(learnerQuery(whereLearnerOf(event), false)),
      );
      return row ? learnerOf(row) : null;
    },

    async commitIfCurrent(learner, turn) {
      try {
        const written = await writeTurn(db, learner.id, turn, { learnerVersion: learner.version });
        return written.inboundId === null
          ? null
          : { inboundId: written.inboundId, cancelledJobIds: written.cancelledJobIds };
      } catch (error) {
        // Another process stored the same event between our check and our write: let the locked path decide.
        if ((error as { cause?: { code?: string } }).cause?.code === '23505') return null;
        throw error;
      }
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
