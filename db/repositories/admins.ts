import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { admins, type Admin } from '../schema/admins.js';

export type AdminRole = Admin['role'];
export type NewAdmin = { email: string; passwordHash: string; role?: AdminRole };

/** Emails are compared case-insensitively: stored and looked up in lower case. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Operators who sign in to the dashboard and the admin API. */
export function adminsRepository(db: Database) {
  return {
    async findByEmail(email: string): Promise<Admin | undefined> {
      return db.query.admins.findFirst({ where: eq(admins.email, normalizeEmail(email)) });
    },
    async findById(id: string): Promise<Admin | undefined> {
      return db.query.admins.findFirst({ where: eq(admins.id, id) });
    },
    /** Inserts unless the email exists (two processes may start at once); undefined when it did. */
    async createIfAbsent(input: NewAdmin): Promise<Admin | undefined> {
      const [row] = await db
        .insert(admins)
        .values({ ...input, email: normalizeEmail(input.email) })
        .onConflictDoNothing({ target: admins.email })
        .returning();
      return row;
    },
    async recordLogin(id: string): Promise<void> {
      await db
        .update(admins)
        .set({ lastLoginAt: sql`now()` })
        .where(eq(admins.id, id));
    },
  };
}

export type AdminsRepository = ReturnType<typeof adminsRepository>;
