import { customType, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { at } from './columns.js';

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
  },
  (t) => [index('generated_files_expires_idx').on(t.expiresAt)],
);

export type GeneratedFile = typeof generatedFiles.$inferSelect;
