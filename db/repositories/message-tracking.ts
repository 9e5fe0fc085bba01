import { and, asc, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { deliveryStatuses } from '../schema/delivery.js';
import { outbox } from '../schema/messages.js';
import { users } from '../schema/users.js';

export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed', 'held', 'dead'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * Where an outbound message is, from the outbox and the channel's latest report: queued (not yet
 * accepted by the provider), sent, delivered, read, failed (the provider gave up), held (outside
 * the 24-hour window with no template), dead (we gave up after retries).
 */
const messageStatus = sql<MessageStatus>`case
  when ${outbox.status} = 'held' then 'held'
  when ${outbox.status} = 'dead' then 'dead'
  when ${outbox.status} <> 'sent' then 'queued'
  when ${deliveryStatuses.status} in ('failed', 'undelivered') then 'failed'
  when ${deliveryStatuses.status} = 'read' then 'read'
  when ${deliveryStatuses.status} = 'delivered' then 'delivered'
  else 'sent' end`;

/** Joins an outbox row to its provider's delivery report (rows not yet sent have no provider id and match nothing). */
export const withDelivery = and(
  eq(deliveryStatuses.channel, outbox.channel),
  eq(deliveryStatuses.providerId, outbox.providerId),
);

/** The delivery report's columns, as APIs and the learner's export show them. */
export const deliveryColumns = {
  status: deliveryStatuses.status,
  errorCode: deliveryStatuses.errorCode,
  sentAt: deliveryStatuses.sentAt,
  deliveredAt: deliveryStatuses.deliveredAt,
  readAt: deliveryStatuses.readAt,
  failedAt: deliveryStatuses.failedAt,
};

export interface MessageFilter {
  userId?: string;
  status?: MessageStatus;
  from?: Date;
  to?: Date;
}

function conditionsOf(filter: MessageFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.userId) conditions.push(eq(outbox.userId, filter.userId));
  if (filter.status) conditions.push(sql`${messageStatus} = ${filter.status}`);
  if (filter.from) conditions.push(gte(outbox.createdAt, filter.from));
  if (filter.to) conditions.push(lt(outbox.createdAt, filter.to));
  return and(...conditions);
}

/** Outbound messages with their delivery state, newest first. */
export async function outboundPage(db: Database, filter: MessageFilter & { page: number; pageSize: number }) {
  const where = conditionsOf(filter);
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: outbox.id,
        userId: outbox.userId,
        recipient: outbox.recipient,
        channel: outbox.channel,
        turn: outbox.turn,
        status: messageStatus,
        createdAt: outbox.createdAt,
        sentAt: outbox.sentAt,
        attempts: outbox.attempts,
        lastError: outbox.lastError,
        providerId: outbox.providerId,
        message: outbox.payload,
        delivery: deliveryColumns,
      })
      .from(outbox)
      .leftJoin(deliveryStatuses, withDelivery)
      .where(where)
      .orderBy(desc(outbox.createdAt), desc(outbox.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select({ n: count() }).from(outbox).leftJoin(deliveryStatuses, withDelivery).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

const counted = (condition: SQL) => sql<number>`count(*) filter (where ${condition})`.mapWith(Number);

/** Counts per day (UTC) or per learner, with delivery rate (delivered / sent) and read rate (read / delivered). */
export async function deliveryStats(db: Database, by: 'day' | 'learner', filter: MessageFilter) {
  const day = sql<string>`to_char(${outbox.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const counts = {
    total: count(),
    sent: counted(sql`${outbox.status} = 'sent'`),
    delivered: counted(sql`${deliveryStatuses.status} in ('delivered', 'read')`),
    read: counted(sql`${deliveryStatuses.status} = 'read'`),
    failed: counted(
      sql`${deliveryStatuses.status} in ('failed', 'undelivered') or ${outbox.status} = 'dead'`,
    ),
    held: counted(sql`${outbox.status} = 'held'`),
  };
  const where = conditionsOf(filter);
  const rows =
    by === 'day'
      ? await db
          .select({ day, ...counts })
          .from(outbox)
          .leftJoin(deliveryStatuses, withDelivery)
          .where(where)
          .groupBy(day)
          .orderBy(asc(day))
      : await db
          .select({ userId: outbox.userId, phone: users.phone, ...counts })
          .from(outbox)
          .innerJoin(users, eq(users.id, outbox.userId))
          .leftJoin(deliveryStatuses, withDelivery)
          .where(where)
          .groupBy(outbox.userId, users.phone)
          .orderBy(asc(users.phone));
  return rows.map((row) => ({ ...row, ...rates(row) }));
}

const ratio = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

export function rates(row: { sent: number; delivered: number; read: number }) {
  return { deliveryRate: ratio(row.delivered, row.sent), readRate: ratio(row.read, row.delivered) };
}
