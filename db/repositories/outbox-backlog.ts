import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';

/** Unsent outbox rows per status and how old the oldest is (seconds), for /metrics. */
export async function outboxBacklog(
  db: Database,
): Promise<{ status: string; messages: number; oldestAgeSeconds: number }[]> {
  const rows = rowsOf<{ status: string; messages: number | string; age: number | string | null }>(
    await db.execute(sql`
      select status, count(*) as messages,
             extract(epoch from (now() - min(created_at))) as age
        from outbox
       where status in ('pending', 'sending', 'held')
       group by status`),
  );
  return rows.map((row) => ({
    status: row.status,
    messages: Number(row.messages),
    oldestAgeSeconds: Math.max(0, Number(row.age ?? 0)),
  }));
}
