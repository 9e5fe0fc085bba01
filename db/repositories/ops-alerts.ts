import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { opsAlerts, type OpsAlert } from '../schema/operations.js';

export interface AlertState {
  rule: string;
  breached: boolean;
  value: number;
  threshold: number;
  message: string;
}

/**
 * Brings the stored alert states in line with `readings`: returns the rules that opened and those
 * that closed by this call. Each is a compare-and-set on `open`, so of several processes (or page
 * renders) seeing the same breach, exactly one opens it.
 */
export async function reconcileAlerts(
  db: Database,
  readings: AlertState[],
  now: Date,
): Promise<{ opened: OpsAlert[]; closed: OpsAlert[] }> {
  const opened: OpsAlert[] = [];
  for (const r of readings.filter((reading) => reading.breached)) {
    const fields = { value: r.value, threshold: r.threshold, message: r.message };
    const rows = await db
      .insert(opsAlerts)
      .values({ rule: r.rule, open: true, since: now, ...fields })
      .onConflictDoUpdate({
        target: opsAlerts.rule,
        set: { open: true, since: now, resolvedAt: null, ...fields },
        setWhere: eq(opsAlerts.open, false),
      })
      .returning();
    if (rows[0]) opened.push(rows[0]);
    else await db.update(opsAlerts).set(fields).where(eq(opsAlerts.rule, r.rule));
  }
  const calm = readings.filter((reading) => !reading.breached).map((reading) => reading.rule);
  const closed = calm.length
    ? await db
        .update(opsAlerts)
        .set({ open: false, resolvedAt: now })
        .where(and(inArray(opsAlerts.rule, calm), eq(opsAlerts.open, true)))
        .returning()
    : [];
  return { opened, closed };
}

export const openOpsAlerts = (db: Database) =>
  db.select().from(opsAlerts).where(eq(opsAlerts.open, true)).orderBy(opsAlerts.since);

/**
 * Claims the right to notify admins of an open alert: true for one caller only, once per breach
 * (not notified since it opened), and only when no notice went out for this rule in the last
 * `cooldownMinutes` (a flapping rule is told once).
 */
export async function claimAlertNotice(db: Database, rule: string, now: Date, cooldownMinutes: number) {
  const cutoff = new Date(now.getTime() - cooldownMinutes * 60_000);
  const rows = await db
    .update(opsAlerts)
    .set({ notifiedAt: now })
    .where(
      and(
        eq(opsAlerts.rule, rule),
        eq(opsAlerts.open, true),
        or(
          isNull(opsAlerts.notifiedAt),
          and(
            lt(opsAlerts.notifiedAt, opsAlerts.since),
            lt(opsAlerts.notifiedAt, sql`${cutoff.toISOString()}::timestamptz`),
          ),
        ),
      ),
    )
    .returning({ rule: opsAlerts.rule });
  return rows.length > 0;
}
