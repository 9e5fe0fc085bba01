import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, timestamps } from './columns.js';

export const admins = pgTable('admins', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['owner', 'operator'] })
    .notNull()
    .default('operator'),
  ...timestamps,
  lastLoginAt: at('last_login_at'),
});

export type Admin = typeof admins.$inferSelect;
