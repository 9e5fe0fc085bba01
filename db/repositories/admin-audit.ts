import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { adminAudit, type AdminAuditRow } from '../schema/audit.js';
import { admins } from '../schema/admins.js';

/** One admin action to record: the request's facts plus what the route said it did. */
export interface AdminActionEntry {
  adminId: string;
  action: string;
  subject?: string | null;
  before?: unknown;
  after?: unknown;
  method: string;
  path: string;
  status: number;
  requestId?: string | null;
}

/** Records the action; the admin's email is copied from their row, so it survives the account. */
export async function recordAdminAction(db: Database, entry: AdminActionEntry): Promise<void> {
  await db.insert(adminAudit).values({
    adminId: entry.adminId,
    adminEmail: sql`(select ${admins.email} from ${admins} where ${admins.id} = ${entry.adminId})`,
    action: entry.action,
    subject: entry.subject ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    method: entry.method,
    path: entry.path,
    status: entry.status,
    requestId: entry.requestId ?? null,
  });
}

export interface AuditSearch {
  /** Part of the action, the subject, the admin's email or the path, case-insensitively. */
  q?: string;
  /** Exactly this subject (`learner:<uuid>` …). */
  subject?: string;
  /** Part of the acting admin's email, case-insensitively. */
  admin?: string;
  since?: Date;
  until?: Date;
  page: number;
  pageSize: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of audit entries, newest first, with the total that matched. */
export async function searchAdminAudit(
  db: Database,
  search: AuditSearch,
): Promise<{ items: AdminAuditRow[]; total: number }> {
  const filters: (SQL | undefined)[] = [];
  if (search.q) {
    const like = `%${escapeLike(search.q)}%`;
    filters.push(
      or(
        ilike(adminAudit.action, like),
        ilike(adminAudit.subject, like),
        ilike(adminAudit.adminEmail, like),
        ilike(adminAudit.path, like),
      ),
    );
  }
  if (search.subject) filters.push(eq(adminAudit.subject, search.subject));
  if (search.admin) filters.push(ilike(adminAudit.adminEmail, `%${escapeLike(search.admin)}%`));
  if (search.since) filters.push(gte(adminAudit.at, search.since));
  if (search.until) filters.push(lt(adminAudit.at, search.until));
  const where = and(...filters);
  const [items, counts] = await Promise.all([
    db
      .select()
      .from(adminAudit)
      .where(where)
      .orderBy(desc(adminAudit.at), desc(adminAudit.id))
      .limit(search.pageSize)
      .offset((search.page - 1) * search.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(adminAudit)
      .where(where),
  ]);
  return { items, total: counts[0]?.total ?? 0 };
}
