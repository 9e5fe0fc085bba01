import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Inbound } from '../../engine/events.js';
import type { Accepted, Store } from '../../engine/ports.js';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import { inboundMessages, timers } from '../schema/index.js';
import { learnerOf, learnerQuery, learnerTx, writeTurn } from './learner-tx.js';

const whereLearnerOf = (event: Inbound) =>
  event.type === 'message' ? sql`u.phone = ${event.from}` : sql`c.user_id = ${event.userId}`;

/** The engine's Store port on drizzle: the same code on PGlite and PostgreSQL. */
export function engineStore(db: Database): Store {
  /** A learner (and their conversation) for a phone, created on first contact; locks nothing existing. */
  async function ensureLearner(phone: string): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const [row] = rowsOf<{ id: string }>(
        await db.execute(sql`
          with created as (insert into users (phone) values (${phone}) on conflict (phone) do nothing returning id),
          learner as (select id from created union all select id from users where phone = ${phone} limit 1),
          conversation as (insert into conversations (user_id) select id from learner on conflict do nothing)
          select id from learner`),
      );
      // Empty only when another process created the learner after this statement's snapshot.
      if (row) return row.id;
    }
    throw new Error(`Could not create or find the learner for ${phone}`);
  }

  const store: Store = {
    ensureLearner,

    // Every stored event of a known learner is written under their conversation lock, so the
    // lock is always taken before the inbound row (no lock-order deadlock with a turn).
    async accept(event) {
      const userId = event.type === 'message' ? await ensureLearner(event.from) : event.userId;
      return store.withLearner(userId, async (tx): Promise<Accepted> => {
        if ((await tx.standing(event)).duplicate) return { duplicate: true, userId, inboundId: null };
        return { duplicate: false, userId, inboundId: await tx.enqueue(event) };
      });
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
  return store;
}
