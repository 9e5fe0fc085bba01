import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, timestamps } from './columns.js';

/** The learner's learning state (flows/learning/state.ts): the engine and db/ keep it opaque. */
export type StoredLearningState = Record<string, unknown>;

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  phone: text('phone').notNull().unique(),
  name: text('name'),
  language: text('language').notNull().default('en'),
  timezone: text('timezone').notNull().default('Africa/Nairobi'),
  subscriptionTier: text('subscription_tier').notNull().default('free'),
  status: text('status', { enum: ['active', 'opted_out', 'blocked'] })
    .notNull()
    .default('active'),
  learningState: jsonb('learning_state')
    .$type<StoredLearningState>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  ...timestamps,
  lastInboundAt: at('last_inbound_at'),
});

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
