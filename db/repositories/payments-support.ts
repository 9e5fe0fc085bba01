import { desc, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { paymentOrders, supportRequests, SUPPORT_STATUSES } from '../schema/index.js';
import { recordHistory } from './payments.js';

export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

/** Opens a support request about the learner's latest order; the same key again returns the first one. */
export async function openSupportRequest(
  db: Database,
  input: { userId: string; requestKey: string; text: string; at: Date },
): Promise<{ id: string; created: boolean }> {
  return db.transaction(async (tx) => {
    const [latest] = await tx
      .select({ id: paymentOrders.id })
      .from(paymentOrders)
      .where(eq(paymentOrders.userId, input.userId))
      .orderBy(desc(paymentOrders.createdAt))
      .limit(1);
    const [row] = await tx
      .insert(supportRequests)
      .values({
        userId: input.userId,
        requestKey: input.requestKey,
        orderId: latest?.id ?? null,
        text: input.text,
        createdAt: input.at,
        updatedAt: input.at,
      })
      .onConflictDoNothing()
      .returning({ id: supportRequests.id });
    if (!row) {
      const [known] = await tx
        .select({ id: supportRequests.id })
        .from(supportRequests)
        .where(eq(supportRequests.requestKey, input.requestKey));
      return { id: known!.id, created: false };
    }
    await recordHistory(tx, {
      subject: 'support',
      subjectId: row.id,
      from: null,
      to: 'open',
      source: 'service',
      at: input.at,
    });
    return { id: row.id, created: true };
  });
}

const NEXT: Record<SupportStatus, SupportStatus[]> = {
  open: ['in_progress', 'resolved'],
  in_progress: ['resolved'],
  resolved: [],
};

/** open → in progress → resolved (an admin's action); anything else is refused with the allowed moves. */
export async function moveSupportRequest(
  db: Database,
  id: string,
  to: SupportStatus,
  by: string,
  at: Date,
): Promise<
  | { ok: true }
  | { ok: false; problem: 'notFound' | 'notAllowed'; from?: SupportStatus; allowed?: SupportStatus[] }
> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(supportRequests).where(eq(supportRequests.id, id)).for('update');
    if (!row) return { ok: false as const, problem: 'notFound' as const };
    if (!NEXT[row.status].includes(to))
      return {
        ok: false as const,
        problem: 'notAllowed' as const,
        from: row.status,
        allowed: NEXT[row.status],
      };
    await tx.update(supportRequests).set({ status: to, updatedAt: at }).where(eq(supportRequests.id, id));
    await recordHistory(tx, {
      subject: 'support',
      subjectId: id,
      from: row.status,
      to,
      source: 'admin',
      at,
      detail: { by },
    });
    return { ok: true as const };
  });
}
