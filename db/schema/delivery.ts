import { sql } from 'drizzle-orm';
import { bigint, index, primaryKey, pgTable, text } from 'drizzle-orm/pg-core';
import { at } from './columns.js';

/**
 * The latest delivery status a channel reported for each message it accepted (Twilio status
 * callbacks, Meta status webhooks). Keyed on the provider's message id, not the outbox row, so a
 * callback that arrives before the sender recorded the id is kept. Status never moves backwards.
 */
export const deliveryStatuses = pgTable(
  'delivery_statuses',
  {
    channel: text('channel').notNull(),
    providerId: text('provider_id').notNull(),
    status: text('status', {
      enum: ['queued', 'sending', 'sent', 'failed', 'undelivered', 'delivered', 'read'],
    }).notNull(),
    errorCode: text('error_code'),
    recipient: text('recipient'),
    updatedAt: at('updated_at').notNull().defaultNow(),
    sentAt: at('sent_at'),
    deliveredAt: at('delivered_at'),
    readAt: at('read_at'),
    failedAt: at('failed_at'),
    // The outbox row, when the channel echoes it back (Meta's biz_opaque_callback_data): after a
    // crash between the send and recording its id, this is how the sender learns the row went out.
    outboxId: bigint('outbox_id', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.channel, t.providerId] }),
    index('delivery_statuses_outbox_idx')
      .on(t.outboxId)
      .where(sql`outbox_id is not null`),
  ],
);
