import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';

/** The raw figures the alert rules and the system page read, over the window from `since` to now. */
export interface OpsMeasures {
  payments: { settled: number; failed: number };
  delivery: { reported: number; failed: number; dead: number };
  backlog: { unsent: number; oldestSeconds: number | null; held: number };
  inbound: { pending: number; failed: number };
  openPaymentAlerts: number;
}

const num = (value: unknown) => Number(value ?? 0);

export async function opsMeasures(db: Database, since: Date, now: Date): Promise<OpsMeasures> {
  const from = sql`${since.toISOString()}::timestamptz`;
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select
      (select count(*) from payment_attempts where settled_at >= ${from}
        and status in ('confirmed', 'failed', 'unavailable', 'mismatch', 'unresolved')) as settled,
      (select count(*) from payment_attempts where settled_at >= ${from}
        and status in ('failed', 'unavailable', 'mismatch', 'unresolved')) as payments_failed,
      (select count(*) from delivery_statuses where updated_at >= ${from}) as reported,
      (select count(*) from delivery_statuses where updated_at >= ${from}
        and status in ('failed', 'undelivered')) as delivery_failed,
      (select count(*) from outbox where status = 'dead' and created_at >= ${from}) as dead,
      (select count(*) from outbox where status in ('pending', 'sending')) as unsent,
      (select min(created_at) from outbox where status in ('pending', 'sending')) as oldest,
      (select count(*) from outbox where status = 'held') as held,
      (select count(*) from inbound_messages where status = 'pending') as inbound_pending,
      (select count(*) from inbound_messages where status = 'failed' and received_at >= ${from}) as inbound_failed,
      (select count(*) from payment_alerts where resolved_at is null) as payment_alerts`),
  );
  const oldest = row?.oldest ? new Date(String(row.oldest)) : null;
  return {
    payments: { settled: num(row?.settled), failed: num(row?.payments_failed) },
    delivery: { reported: num(row?.reported), failed: num(row?.delivery_failed), dead: num(row?.dead) },
    backlog: {
      unsent: num(row?.unsent),
      oldestSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null,
      held: num(row?.held),
    },
    inbound: { pending: num(row?.inbound_pending), failed: num(row?.inbound_failed) },
    openPaymentAlerts: num(row?.payment_alerts),
  };
}

export interface RecentFailure {
  kind: 'message' | 'turn' | 'payment';
  at: Date;
  what: string;
  reason: string;
}

/** The latest dead outbox rows, failed turns and failed payments, newest first. */
export async function recentFailures(db: Database, limit = 20): Promise<RecentFailure[]> {
  const rows = rowsOf<{ kind: RecentFailure['kind']; at: unknown; what: string; reason: string | null }>(
    await db.execute(sql`(select 'message' as kind, created_at as at, 'outbox #' || id || ' to learner ' || user_id as what,
        coalesce(last_error, 'gave up') as reason from outbox where status = 'dead' order by id desc limit ${limit})
      union all
      (select 'turn', received_at, 'inbound #' || id || ' from learner ' || user_id, coalesce(error, 'failed')
        from inbound_messages where status = 'failed' order by id desc limit ${limit})
      union all
      (select 'payment', coalesce(settled_at, updated_at), 'attempt ' || id || ' (' || amount || ' KES)',
        status || coalesce(': ' || result_desc, '')
        from payment_attempts where status in ('failed', 'unavailable', 'mismatch', 'unresolved')
        order by coalesce(settled_at, updated_at) desc limit ${limit})
      order by at desc limit ${limit}`),
  );
  return rows.map((row) => ({ ...row, at: new Date(String(row.at)), reason: row.reason ?? '' }));
}
