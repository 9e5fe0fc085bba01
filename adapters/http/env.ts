import type { AdminRole } from '../../db/repositories/admins.js';

/** Who made an authenticated admin request, as the signed token says. */
export interface AuthenticatedAdmin {
  id: string;
  role: AdminRole;
}

/** What a route tells the audit trail about the change it made. */
export interface AuditNote {
  /** `learner.paused`, `lesson.edited`, `payment.refunded` … */
  action: string;
  /** What it acted on: `learner:<uuid>`, `lesson:<course>/<n>`, `order:<uuid>` … */
  subject?: string;
  before?: unknown;
  after?: unknown;
}

/** The typed context every route and middleware of the app shares. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** Set by `requireAdmin`; read it only on routes behind that middleware. */
    admin: AuthenticatedAdmin;
    /** What an admin action did, for the audit trail (middleware/audit-trail.ts). */
    audit?: AuditNote;
  };
}
