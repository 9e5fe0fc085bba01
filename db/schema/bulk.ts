import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, timestamps } from './columns.js';
import { admins } from './admins.js';
import { users } from './users.js';

/** The learner filters a bulk campaign was sent to (the /admin/learners filters plus recent activity). */
export interface BulkSegment {
  q?: string;
  status?: 'active' | 'opted_out' | 'blocked';
  course?: string;
  /** Wrote to us in the last this many days. */
  activeDays?: number;
}

/**
 * An operator's message to a segment of learners (/admin/bulk): created with all its recipients in
 * one transaction, then handed to the outbox in batches by a pg-boss job (adapters/bulk/jobs.ts).
 */
export const bulkCampaigns = pgTable('bulk_campaigns', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: text('kind', { enum: ['message', 'enrol'] }).notNull(),
  /** The message text, or the course slug of a bulk enrolment. */
  body: text('body').notNull(),
  segment: jsonb('segment').$type<BulkSegment>().notNull(),
  status: text('status', { enum: ['sending', 'paused', 'cancelled', 'done'] })
    .notNull()
    .default('sending'),
  total: integer('total').notNull(),
  adminId: uuid('admin_id').references(() => admins.id, { onDelete: 'set null' }),
  adminEmail: text('admin_email').notNull(),
  ...timestamps,
  finishedAt: at('finished_at'),
});

/** One learner of a campaign: whether their message was queued (and as which outbox row) or skipped, and why. */
export const bulkRecipients = pgTable(
  'bulk_recipients',
  {
    campaignId: bigint('campaign_id', { mode: 'number' })
      .notNull()
      .references(() => bulkCampaigns.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // pending: not handed to the outbox yet; queued: in the outbox (its delivery status tells the rest).
    status: text('status', { enum: ['pending', 'queued', 'enrolled', 'skipped', 'cancelled'] })
      .notNull()
      .default('pending'),
    outboxId: bigint('outbox_id', { mode: 'number' }),
    reason: text('reason'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.userId] }),
    index('bulk_recipients_pending_idx')
      .on(t.campaignId)
      .where(sql`status = 'pending'`),
  ],
);

export type BulkCampaign = typeof bulkCampaigns.$inferSelect;
