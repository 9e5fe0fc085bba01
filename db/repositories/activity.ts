import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { activityLog } from '../schema/conversations.js';
import { inboundMessages } from '../schema/messages.js';
import { users } from '../schema/users.js';

export interface ActivityFilter {
  userId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  kind?: string;
  page: number;
  pageSize: number;
}

/** The activity log (one row per turn), newest first, with what the learner sent in that turn. */
export async function activityPage(db: Database, filter: ActivityFilter) {
  const conditions: SQL[] = [];
  if (filter.userId) conditions.push(eq(activityLog.userId, filter.userId));
  if (filter.from) conditions.push(gte(activityLog.createdAt, filter.from));
  if (filter.to) conditions.push(lt(activityLog.createdAt, filter.to));
  if (filter.kind) conditions.push(eq(activityLog.kind, filter.kind));
  const where = and(...conditions);
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: activityLog.id,
        userId: activityLog.userId,
        phone: users.phone,
        turn: activityLog.turn,
        kind: activityLog.kind,
        at: activityLog.createdAt,
        state: activityLog.state,
        detail: activityLog.detail,
        inbound: { channel: inboundMessages.channel, event: inboundMessages.event },
      })
      .from(activityLog)
      .innerJoin(users, eq(users.id, activityLog.userId))
      .leftJoin(inboundMessages, eq(inboundMessages.id, activityLog.inboundId))
      .where(where)
      .orderBy(desc(activityLog.createdAt), desc(activityLog.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select({ n: count() }).from(activityLog).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}
