import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns.js';
import { users } from './users.js';

/** Timers a flow asked for; the scheduler fires each one at `due_at` into the learner's turn path. */
export const timers = pgTable(
  'timers',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    flowRun: text('flow_run').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    dueAt: at('due_at').notNull(),
    status: text('status', { enum: ['pending', 'fired', 'cancelled'] })
      .notNull()
      .default('pending'),
    turn: integer('turn').notNull(),
    jobId: text('job_id'),
    createdAt: at('created_at').notNull().defaultNow(),
    firedAt: at('fired_at'),
  },
  (t) => [
    index('timers_pending_idx')
      .on(t.dueAt)
      .where(sql`status = 'pending'`),
    index('timers_user_name_idx').on(t.userId, t.name),
  ],
);
