import { eq, sql } from 'drizzle-orm';
import { GRACE_MS } from '../../shared/renewal-grace.js';
import type { Database } from '../client.js';
import { subscriptions } from '../schema/index.js';
import { recordHistory } from './payments.js';

/**
 * The operator's subscription status follows time (nightly): `active` past its end → `grace` (3 days,
 * as the learner's grant: flows/learning/renewal.ts), past the grace → `expired`. Each move recorded.
 */
export async function ageSubscriptions(db: Database, now: Date): Promise<{ grace: number; expired: number }> {
  const at = sql`${now.toISOString()}::timestamptz`;
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: subscriptions.id, status: subscriptions.status, periodEnd: subscriptions.periodEnd })
      .from(subscriptions)
      .where(sql`status in ('active', 'grace') and period_end is not null and period_end <= ${at}`)
      .for('update');
    const moves = due
      .map((s) => ({
        ...s,
        to: s.periodEnd!.getTime() + GRACE_MS <= now.getTime() ? ('expired' as const) : ('grace' as const),
      }))
      .filter((s) => s.to !== s.status);
    for (const move of moves)
      await tx
        .update(subscriptions)
        .set({
          status: move.to,
          graceUntil: new Date(move.periodEnd!.getTime() + GRACE_MS),
          updatedAt: now,
        })
        .where(eq(subscriptions.id, move.id));
    await recordHistory(
      tx,
      ...moves.map((m) => ({
        subject: 'subscription' as const,
        subjectId: m.id,
        from: m.status,
        to: m.to,
        source: 'nightly',
        at: now,
      })),
    );
    return {
      grace: moves.filter((m) => m.to === 'grace').length,
      expired: moves.filter((m) => m.to === 'expired').length,
    };
  });
}
