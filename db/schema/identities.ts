import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** The ways WhatsApp names a learner (docs/whatsapp-identity.md); users.phone is the one replies go to. */
export const IDENTITY_KINDS = ['phone', 'bsuid', 'parent_bsuid', 'username'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export const learnerIdentities = pgTable(
  'learner_identities',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: IDENTITY_KINDS }).notNull(),
    value: text('value').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    // A phone number or BSUID names one learner; parent BSUIDs and usernames may be shared or reused.
    uniqueIndex('learner_identities_kind_value_unique')
      .on(t.kind, t.value)
      .where(sql`kind in ('phone', 'bsuid')`),
    index('learner_identities_value_idx').on(t.value),
    index('learner_identities_user_idx').on(t.userId),
  ],
);

export type LearnerIdentity = typeof learnerIdentities.$inferSelect;
