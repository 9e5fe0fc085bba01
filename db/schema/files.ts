import { customType, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns.js';
import { users } from './users.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Files the product generates (charts, data exports), served at /files/<token> until they expire.
 * In the database so every process can serve every file; only the token's SHA-256 is stored.
 */
export const generatedFiles = pgTable(
  'generated_files',
  {
    tokenHash: text('token_hash').primaryKey(),
    contentType: text('content_type').notNull(),
    filename: text('filename').notNull(),
    size: integer('size').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
    // The learner a file is about (an export): erased with them. Null for files about nobody.
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [
    index('generated_files_expires_idx').on(t.expiresAt),
    index('generated_files_user_idx').on(t.userId),
  ],
);

export type GeneratedFile = typeof generatedFiles.$inferSelect;
