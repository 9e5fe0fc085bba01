import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';

/** What the nightly check of the books looks for: each row found is a mismatch for an operator. */
const AUDITS = [
  {
    problem: 'confirmed payment without a ledger entry',
    query: sql`select a.id as attempt_id, a.order_id from payment_attempts a
      where a.status = 'confirmed' and not exists
        (select 1 from payment_ledger l where l.attempt_id = a.id and l.kind = 'payment')`,
  },
  {
    problem: 'ledger payment for an attempt that is not confirmed',
    query: sql`select a.id as attempt_id, a.order_id from payment_ledger l
      join payment_attempts a on a.id = l.attempt_id
      where l.kind = 'payment' and a.status <> 'confirmed'`,
  },
  {
    problem: 'paid order without a subscription',
    query: sql`select null as attempt_id, o.id as order_id from payment_orders o
      where o.status = 'paid' and not exists (select 1 from subscriptions s where s.order_id = o.id)`,
  },
  {
    problem: 'refunds exceed what was paid',
    query: sql`select null as attempt_id, l.order_id from payment_ledger l
      group by l.order_id having sum(case when l.kind in ('payment', 'refund') then l.amount else 0 end) < 0`,
  },
] as const;

export interface AuditFinding {
  problem: string;
  attemptId: string | null;
  orderId: string;
}

export async function auditPaymentBooks(db: Database): Promise<AuditFinding[]> {
  const findings: AuditFinding[] = [];
  for (const audit of AUDITS) {
    for (const row of rowsOf<{ attempt_id: string | null; order_id: string }>(await db.execute(audit.query)))
      findings.push({ problem: audit.problem, attemptId: row.attempt_id, orderId: row.order_id });
  }
  return findings;
}
