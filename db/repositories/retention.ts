/*
 * Pruning the high-volume tables. Decisions: each statement deletes at most one batch (5,000 rows
 * by default), oldest id first, so locks and WAL stay short and the nightly job loops until a batch
 * comes back short. Never deleted, whatever its age: an inbound event still pending; an outbox row
 * not yet out (pending, sending, held); a status an unsent outbox row still needs; a pending timer
 * or one due after the cutoff (its job may still fire); and the messages of a learner whose payment
 * order is open (pending or disputed), which support and reconciliation read.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';

export const PRUNE_BATCH = 5000;

export const PRUNED_TABLES = [
  'inbound_messages',
  'outbox',
  'delivery_statuses',
  'activity_log',
  'timers',
] as const;
export type PrunedTable = (typeof PRUNED_TABLES)[number];

const NO_OPEN_PAYMENT = (alias: string) =>
  sql.raw(`not exists (select 1 from payment_orders p
    where p.user_id = ${alias}.user_id and p.status in ('pending', 'disputed'))`);

/** The ids one batch would delete from an id-keyed table, oldest first. */
function doomed(table: PrunedTable, before: Date, batch: number): SQL {
  const at = before.toISOString();
  switch (table) {
    case 'inbound_messages':
      return sql`select id from inbound_messages i where i.received_at < ${at}::timestamptz
        and i.status <> 'pending' and ${NO_OPEN_PAYMENT('i')} order by id limit ${batch}`;
    case 'outbox':
      return sql`select id from outbox o where o.created_at < ${at}::timestamptz
        and o.status in ('sent', 'dead') and ${NO_OPEN_PAYMENT('o')} order by id limit ${batch}`;
    case 'activity_log':
      return sql`select id from activity_log where created_at < ${at}::timestamptz order by id limit ${batch}`;
    case 'timers':
      return sql`select id from timers where status <> 'pending' and due_at < ${at}::timestamptz
        and coalesce(fired_at, created_at) < ${at}::timestamptz limit ${batch}`;
    case 'delivery_statuses':
      throw new Error('delivery_statuses has no id');
  }
}

/** Deletes one batch of rows older than `before`; returns how many went. */
export async function pruneBatch(db: Database, table: PrunedTable, before: Date, batch = PRUNE_BATCH) {
  if (table === 'delivery_statuses') {
    const at = before.toISOString();
    const rows = rowsOf<{ n: number | string }>(
      await db.execute(sql`with doomed as (
          select s.channel, s.provider_id from delivery_statuses s
          where s.updated_at < ${at}::timestamptz
            and not exists (select 1 from outbox o where o.channel = s.channel
              and o.provider_id = s.provider_id and o.status in ('pending', 'sending', 'held'))
            and not exists (select 1 from outbox o where o.id = s.outbox_id
              and o.status in ('pending', 'sending', 'held'))
          limit ${batch}),
        gone as (delete from delivery_statuses d using doomed
          where d.channel = doomed.channel and d.provider_id = doomed.provider_id returning 1)
        select count(*) as n from gone`),
    );
    return Number(rows[0]?.n ?? 0);
  }
  const rows = rowsOf<{ n: number | string }>(
    await db.execute(sql`with gone as (
        delete from ${sql.raw(table)} where id in (${doomed(table, before, batch)}) returning 1)
      select count(*) as n from gone`),
  );
  return Number(rows[0]?.n ?? 0);
}

/** Prunes each table to its cutoff, batch after batch until a batch comes back short. */
export async function pruneOldRows(
  db: Database,
  cutoffs: Partial<Record<PrunedTable, Date>>,
  batch = PRUNE_BATCH,
): Promise<Record<PrunedTable, number>> {
  const deleted = Object.fromEntries(PRUNED_TABLES.map((t) => [t, 0])) as Record<PrunedTable, number>;
  // Outbox before statuses: a status whose outbox row went is then free to go in the same run.
  for (const table of [
    'inbound_messages',
    'outbox',
    'delivery_statuses',
    'activity_log',
    'timers',
  ] as const) {
    const before = cutoffs[table];
    if (!before) continue;
    for (;;) {
      const n = await pruneBatch(db, table, before, batch);
      deleted[table] += n;
      if (n < batch) break;
    }
  }
  return deleted;
}
