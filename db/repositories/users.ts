import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { users, type NewUser, type User } from '../schema/users.js';

export type UserPatch = Partial<Omit<NewUser, 'id' | 'phone' | 'createdAt' | 'updatedAt'>>;

/** Learners by id or E.164 phone. Phone numbers arrive here already normalised. */
export function usersRepository(db: Database) {
  return {
    async create(input: NewUser): Promise<User> {
      const [row] = await db.insert(users).values(input).returning();
      return row!;
    },
    async findById(id: string): Promise<User | undefined> {
      return db.query.users.findFirst({ where: eq(users.id, id) });
    },
    async findByPhone(phone: string): Promise<User | undefined> {
      return db.query.users.findFirst({ where: eq(users.phone, phone) });
    },
    async update(id: string, patch: UserPatch): Promise<User | undefined> {
      const [row] = await db
        .update(users)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(eq(users.id, id))
        .returning();
      return row;
    },
    async remove(id: string): Promise<boolean> {
      const rows = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
      return rows.length > 0;
    },
    async list(options: { limit: number; offset: number }): Promise<User[]> {
      return db.query.users.findMany({
        orderBy: users.createdAt,
        limit: options.limit,
        offset: options.offset,
      });
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;
