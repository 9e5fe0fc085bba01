import { bigserial, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, timestamps } from './columns.js';
import { users } from './users.js';

/** One row per learner: the persisted XState actor and the turn counter. Locked for every turn. */
export const conversations = pgTable('conversations', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  snapshot: jsonb('snapshot').$type<unknown>(),
  flowVersions: jsonb('flow_versions').$type<Record<string, number>>().notNull().default({}),
  turn: integer('turn').notNull().default(0),
  /** Stored inbound events waiting for their turn; a turn without the lock needs it to be 0. */
  backlog: integer('backlog').notNull().default(0),
  ...timestamps,
});

/** What happened in each turn: the audit trail operators read. */
export const activityLog = pgTable(
  'activity_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    turn: integer('turn').notNull(),
    kind: text('kind').notNull(),
    inboundId: integer('inbound_id'),
    state: jsonb('state').$type<unknown>(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('activity_log_user_idx').on(t.userId, t.id)],
);
