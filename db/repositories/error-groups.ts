import { desc, gte, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import { errorGroups, errorMinutes, type ErrorGroup } from '../schema/operations.js';

/** What the tracker gathered for one group since its last flush. */
export interface ErrorTally {
  fingerprint: string;
  errorClass: string;
  message: string;
  topFrame: string | null;
  lastMessage: string;
  source: string | null;
  firstSeen: Date;
  lastSeen: Date;
  /** Occurrences by minute (ISO minute start → count). */
  minutes: Map<string, number>;
}

/** Adds the tallies to the stored groups and per-minute counts (two upserts per group). */
export async function recordErrorTallies(db: Database, tallies: ErrorTally[]): Promise<void> {
  for (const tally of tallies) {
    const count = [...tally.minutes.values()].reduce((n, c) => n + c, 0);
    await db
      .insert(errorGroups)
      .values({ ...tally, count })
      .onConflictDoUpdate({
        target: errorGroups.fingerprint,
        set: {
          count: sql`${errorGroups.count} + ${count}`,
          lastSeen: sql`greatest(${errorGroups.lastSeen}, excluded.last_seen)`,
          lastMessage: tally.lastMessage,
          source: tally.source,
        },
      });
    for (const [minute, n] of tally.minutes) {
      await db
        .insert(errorMinutes)
        .values({ minute: new Date(minute), fingerprint: tally.fingerprint, count: n })
        .onConflictDoUpdate({
          target: [errorMinutes.minute, errorMinutes.fingerprint],
          set: { count: sql`${errorMinutes.count} + ${n}` },
        });
    }
  }
}

/** The groups seen most recently first, with how many fell since `since` (the rate window). */
export async function recentErrorGroups(
  db: Database,
  options: { since: Date; limit: number },
): Promise<(ErrorGroup & { recent: number })[]> {
  const groups = await db.select().from(errorGroups).orderBy(desc(errorGroups.lastSeen)).limit(options.limit);
  const recent = rowsOf<{ fingerprint: string; n: unknown }>(
    await db.execute(sql`select fingerprint, sum(count) as n from error_minutes
      where minute >= ${options.since.toISOString()}::timestamptz group by fingerprint`),
  );
  const byPrint = new Map(recent.map((row) => [row.fingerprint, Number(row.n)]));
  return groups.map((group) => ({ ...group, recent: byPrint.get(group.fingerprint) ?? 0 }));
}

/** Errors of every group since `since`. */
export async function errorsSince(db: Database, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${errorMinutes.count}), 0)::int` })
    .from(errorMinutes)
    .where(gte(errorMinutes.minute, since));
  return Number(row?.n ?? 0);
}
