import { boolean, customType, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns.js';
import { users } from './users.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * A learner's certificate for a finished course: one per learner and course, found publicly by its
 * verification code (/certificates/:code). The PNG and PDF are drawn once when it is issued (and
 * again when the learner's name on it changes) and kept, so any process serves the same files.
 */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // 10 Crockford base32 characters (50 random bits): what the public page is found by.
    code: text('code').notNull().unique(),
    // Erased with the learner: their certificate stops verifying.
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    course: text('course').notNull(),
    courseTitle: text('course_title').notNull(),
    learnerName: text('learner_name').notNull(),
    // False while the certificate carries the default name ("LearnLoop learner"): NAME + CERTIFICATE fixes it.
    named: boolean('named').notNull().default(true),
    language: text('language').notNull(),
    issuedAt: at('issued_at').notNull().defaultNow(),
    // The day it was issued in the learner's time zone (YYYY-MM-DD): the date printed on it.
    issuedOn: text('issued_on').notNull(),
    png: bytea('png').notNull(),
    pdf: bytea('pdf').notNull(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [unique('certificates_user_course_unique').on(t.userId, t.course)],
);

export type Certificate = typeof certificates.$inferSelect;
export type NewCertificate = typeof certificates.$inferInsert;
