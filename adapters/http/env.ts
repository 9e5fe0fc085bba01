import type { AdminRole } from '../../db/repositories/admins.js';

/** Who made an authenticated admin request, as the signed token says. */
export interface AuthenticatedAdmin {
  id: string;
  role: AdminRole;
}

/** The typed context every route and middleware of the app shares. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** Set by `requireAdmin`; read it only on routes behind that middleware. */
    admin: AuthenticatedAdmin;
  };
}
