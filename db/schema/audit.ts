import { bigserial, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns.js';
import { admins } from './admins.js';

/**
 * Every admin action that changed data (dashboard and JSON API): who, what, to whom, when, and the
 * before/after the handler knew. Written by `auditTrail` (adapters/http/middleware/audit-trail.ts)
 * after each successful POST/PUT/PATCH/DELETE by a signed-in admin; read on /admin/audit.
 */
export const adminAudit = pgTable(
  'admin_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: at('at').notNull().defaultNow(),
    /** Kept when the admin account is deleted: the email below still says who it was. */
    adminId: uuid('admin_id').references(() => admins.id, { onDelete: 'set null' }),
    adminEmail: text('admin_email').notNull(),
    /** `learner.paused`, `content.lessonEdited`, … or `POST /admin/api/…` when the route named none. */
    action: text('action').notNull(),
    /** What it acted on, e.g. `learner:<uuid>`, `lesson:water/2`, `order:<uuid>`. */
    subject: text('subject'),
    before: jsonb('before'),
    after: jsonb('after'),
    method: text('method').notNull(),
    path: text('path').notNull(),
    status: integer('status').notNull(),
    requestId: text('request_id'),
  },
  (t) => [
    index('admin_audit_at_idx').on(t.at),
    index('admin_audit_subject_idx').on(t.subject, t.at),
    index('admin_audit_admin_idx').on(t.adminId, t.at),
  ],
);

export type AdminAuditRow = typeof adminAudit.$inferSelect;
