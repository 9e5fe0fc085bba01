import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at } from './columns.js';
import type { OutboundMessage } from '../../engine/ports.js';
import { users } from './users.js';

/** Every accepted inbound event, stored before it is acknowledged. */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    providerId: text('provider_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: jsonb('event').$type<unknown>().notNull(),
    status: text('status', { enum: ['pending', 'processed', 'failed'] })
      .notNull()
      .default('pending'),
    turn: integer('turn'),
    error: text('error'),
    receivedAt: at('received_at').notNull().defaultNow(),
    processedAt: at('processed_at'),
  },
  (t) => [
    uniqueIndex('inbound_channel_provider_uq').on(t.channel, t.providerId),
    index('inbound_pending_idx')
      .on(t.userId, t.id)
      .where(sql`status = 'pending'`),
  ],
);

/** Messages a turn decided to send, delivered by the sender worker after commit. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    turn: integer('turn').notNull(),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    payload: jsonb('payload').$type<OutboundMessage>().notNull(),
    // 'held': outside the 24-hour window with no template to send instead; released when the learner writes.
    status: text('status', { enum: ['pending', 'sending', 'sent', 'dead', 'held'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    claimedUntil: at('claimed_until'),
    // Set in the same claim, immediately before the provider call: a row whose lease ran out with it
    // set may have reached the provider (ask it before sending again); without it, it simply goes.
    attemptedAt: at('attempted_at'),
    // The channel refused this message as free-form text outside the 24-hour window (63016): it goes
    // as its template (or is held) from now on, even if the learner's window looks open again.
    asTemplate: boolean('as_template').notNull().default(false),
    providerId: text('provider_id'),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull().defaultNow(),
    sentAt: at('sent_at'),
  },
  (t) => [
    // The sender walks the oldest unsent rows; sent rows (almost all of them) stay out of it.
    index('outbox_unsent_idx')
      .on(t.id)
      .where(sql`status in ('pending', 'sending')`),
    index('outbox_user_idx').on(t.userId, t.id),
    index('outbox_held_idx')
      .on(t.userId)
      .where(sql`status = 'held'`),
    index('outbox_provider_idx')
      .on(t.channel, t.providerId)
      .where(sql`provider_id is not null`),
  ],
);
