import type { Config } from '../config/index.js';
import type { Database } from '../../db/client.js';
import { adminsRepository } from '../../db/repositories/admins.js';
import { hashPassword } from './password.js';

export type FirstAdminOutcome = 'created' | 'exists' | 'not_configured';

/**
 * Creates the owner account from ADMIN_EMAIL / ADMIN_PASSWORD when no admin has that email.
 * Idempotent and safe when several processes start at once; an existing password is never replaced.
 */
export async function ensureFirstAdmin(db: Database, admin: Config['admin']): Promise<FirstAdminOutcome> {
  if (!admin) return 'not_configured';
  const admins = adminsRepository(db);
  if (await admins.findByEmail(admin.email)) return 'exists';
  const created = await admins.createIfAbsent({
    email: admin.email,
    passwordHash: await hashPassword(admin.password),
    role: 'owner',
  });
  return created ? 'created' : 'exists';
}
