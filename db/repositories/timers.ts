import { and, asc, eq, lte } from 'drizzle-orm';
import type { Database } from '../client.js';
import { timers } from '../schema/timers.js';

export type TimerRow = typeof timers.$inferSelect;

/** The earliest pending timer due by `dueBy` (ties: the first created): the simulator fires timers in this order. */
export async function nextDueTimer(db: Database, dueBy: Date): Promise<TimerRow | undefined> {
  const [due] = await db
    .select()
    .from(timers)
    .where(and(eq(timers.status, 'pending'), lte(timers.dueAt, dueBy)))
    .orderBy(asc(timers.dueAt), asc(timers.createdAt))
    .limit(1);
  return due;
}

/** A learner's earliest pending timer (the simulator's state panel shows when it fires). */
export async function nextTimerOf(db: Database, userId: string): Promise<TimerRow | undefined> {
  const [next] = await db
    .select()
    .from(timers)
    .where(and(eq(timers.userId, userId), eq(timers.status, 'pending')))
    .orderBy(asc(timers.dueAt), asc(timers.createdAt))
    .limit(1);
  return next;
}
